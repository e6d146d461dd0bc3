/** The organisation tree's levels, top down. */
export const ORG_LEVELS = ['forvaltning', 'verksamhetsomrade', 'enhet', 'ansvar'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export interface OrgUnit {
  code: string;
  name: string;
  level: OrgLevel;
  parent: string | null;
}

export function isOrgLevel(text: string): text is OrgLevel {
  return (ORG_LEVELS as readonly string[]).includes(text);
}

/** A parent must stand on a higher level than its child: förvaltning → område → enhet → ansvar. */
export function isAbove(parent: OrgLevel, child: OrgLevel): boolean {
  return ORG_LEVELS.indexOf(parent) < ORG_LEVELS.indexOf(child);
}

/** The unit at `level` above (or at) a code, or undefined. */
export function ancestorAt(
  code: string,
  level: OrgLevel,
  units: ReadonlyMap<string, OrgUnit>,
): OrgUnit | undefined {
  let current = units.get(code);
  const seen = new Set<string>();
  while (current && !seen.has(current.code)) {
    if (current.level === level) return current;
    seen.add(current.code);
    current = current.parent === null ? undefined : units.get(current.parent);
  }
  return undefined;
}

/** Whether an org code lies within a manager's scope: the code itself or one of its parents is in it. */
export function withinScope(
  code: string,
  scope: readonly string[],
  units: ReadonlyMap<string, OrgUnit>,
): boolean {
  let current: string | null = code;
  const seen = new Set<string>();
  while (current !== null && !seen.has(current)) {
    if (scope.includes(current)) return true;
    seen.add(current);
    current = units.get(current)?.parent ?? null;
  }
  return false;
}
