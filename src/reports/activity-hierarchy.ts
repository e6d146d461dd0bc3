/**
 * The activity (verksamhet) tree. A code's parent is the longest other existing code that is a
 * prefix of it (`51` is the parent of `5101`), unless a hierarchy file named another parent.
 */
export interface ActivityNode {
  code: string;
  name: string;
  parent: string | null;
}

export function buildHierarchy(
  activities: readonly { code: string; name: string; parentCode: string | null }[],
): Map<string, ActivityNode> {
  const codes = new Set(activities.map((a) => a.code));
  const nodes = new Map<string, ActivityNode>();
  for (const activity of activities) {
    let parent = activity.parentCode;
    if (parent === null) {
      for (let length = activity.code.length - 1; length > 0; length--) {
        const prefix = activity.code.slice(0, length);
        if (codes.has(prefix)) {
          parent = prefix;
          break;
        }
      }
    }
    nodes.set(activity.code, { code: activity.code, name: activity.name, parent });
  }
  return nodes;
}

/** The top-level node above a code (the code itself when it has no parent); unknown codes stand alone. */
export function topOf(code: string, nodes: ReadonlyMap<string, ActivityNode>): string {
  let current = code;
  const seen = new Set<string>();
  for (;;) {
    const parent = nodes.get(current)?.parent ?? null;
    if (parent === null || seen.has(parent)) return current;
    seen.add(current);
    current = parent;
  }
}

/** The child of `ancestor` on the path from `code` up to it, or undefined when `code` is not below it. */
export function childUnder(
  code: string,
  ancestor: string,
  nodes: ReadonlyMap<string, ActivityNode>,
): string | undefined {
  let current = code;
  const seen = new Set<string>();
  for (;;) {
    const parent = nodes.get(current)?.parent ?? null;
    if (parent === null || seen.has(current)) return undefined;
    if (parent === ancestor) return current;
    seen.add(current);
    current = parent;
  }
}
