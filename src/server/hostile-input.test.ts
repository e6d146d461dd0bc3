import { describe, expect, it } from 'vitest';
import { client, signInController, type App, type Signed } from '../../test/api.ts';
import { useDemoDatabase } from '../../test/demo-db.ts';
import { ENGINES } from '../../test/test-db.ts';
import { createApp } from './app.ts';

/**
 * Every operation of the OpenAPI document, sent the shapes an attacker or a broken client sends:
 * ids past PostgreSQL's integer, amounts of 28 digits, NUL bytes, very long text, impossible
 * dates, wrong types. Each must be answered by the API (4xx, or 2xx when harmless), never 5xx.
 */

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  example?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  json?: Schema;
  binary: boolean;
}

interface Doc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

function operations(doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(json ? { json } : {}),
        binary: 'application/octet-stream' in content,
      };
    }),
  );
}

/** Fields whose plausible value must name something of the demo, or nothing, to get past the lookups. */
const KNOWN: Record<string, unknown> = {
  ownerUnit: null,
  parent: null,
  kpis: [],
  scope: [],
  links: [],
  atgardskravId: 1,
  verksamhet: undefined,
};

/** A value the schema accepts (or nearly), so that the one hostile field is what gets tested. */
function plausible(doc: Doc, schema: Schema, name: string): unknown {
  if (name in KNOWN) return KNOWN[name];
  if (schema.$ref) {
    const target = doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''];
    return target ? plausible(doc, target, name) : 'x';
  }
  if (schema.anyOf?.[0]) return plausible(doc, schema.anyOf[0], name);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.[0] !== undefined) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') {
    if (name === 'year') return 2024;
    if (name === 'month' || name === 'throughMonth') return 6;
    return Math.max(schema.minimum ?? 1, 1);
  }
  if (type === 'boolean') return true;
  if (type === 'array') return schema.items ? [plausible(doc, schema.items, name)] : [];
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, value]) => [
        key,
        plausible(doc, value, key),
      ]),
    );
  }
  const pattern = schema.pattern ?? '';
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2024-06-30';
  if (pattern.includes('\\d{4}-')) return '2024-03';
  if (pattern.includes('xlsx')) return 'fil.csv';
  if (pattern.includes('\\d{2}$')) return '50';
  if (pattern.includes('\\d')) return '5010';
  if (/password/i.test(name)) return 'ett långt lösenord';
  if (/tkr/i.test(name)) return '100';
  return 'xy';
}

const BIG_DIGITS = '9'.repeat(28);

/** Text as it can arrive in a path or query (already percent-encoded). */
const HOSTILE_TEXT: readonly string[] = [
  '2147483648',
  '9007199254740993',
  BIG_DIGITS,
  `-${BIG_DIGITS.slice(0, 25)},5`,
  '1e400',
  '0000-01-01',
  '2024-02-30',
  '%00',
  'a%00b',
  '%FF',
  '%ED%A0%80',
  'x'.repeat(5000),
  '',
];

/** JSON values for one field of a body. */
const HOSTILE_VALUES: readonly unknown[] = [
  2147483648,
  -2147483649,
  1e300,
  0.5,
  BIG_DIGITS,
  `-${BIG_DIGITS.slice(0, 26)},5`,
  '0000-01-01',
  '2024-02-30',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x'.repeat(100_000),
  null,
  true,
  {},
  [['\u0000']],
];

/** Whole bodies that are not the object the operation reads. */
const HOSTILE_BODIES: readonly string[] = [
  '',
  'null',
  '[]',
  '"\\u0000"',
  '{',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2001)}`,
];

interface Attempt {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

function urlOf(op: Operation, doc: Doc, override?: { name: string; raw: string }): string {
  let path = op.path;
  const query: string[] = [];
  for (const p of op.parameters) {
    const raw =
      override?.name === p.name
        ? override.raw
        : encodeURIComponent(String(plausible(doc, p.schema, p.name)));
    if (p.in === 'path') path = path.replace(`{${p.name}}`, raw);
    else if (p.required || override?.name === p.name) query.push(`${p.name}=${raw}`);
  }
  return query.length === 0 ? path : `${path}?${query.join('&')}`;
}

/** Every field of an object schema (one level into nested objects and arrays of objects), with a value put in its place. */
function withField(doc: Doc, schema: Schema, value: unknown): unknown[] {
  const base = plausible(doc, schema, '') as Record<string, unknown>;
  const bodies: unknown[] = [];
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    bodies.push({ ...base, [key]: value });
    const inner = field.$ref
      ? doc.components?.schemas?.[field.$ref.split('/').pop() ?? '']
      : (field.anyOf?.find((s) => s.properties) ?? field);
    if (inner?.properties)
      for (const b of withField(doc, inner, value)) bodies.push({ ...base, [key]: b });
    if (inner?.items?.properties)
      for (const b of withField(doc, inner.items, value)) bodies.push({ ...base, [key]: [b] });
  }
  return bodies;
}

function attempts(op: Operation, doc: Doc): Attempt[] {
  const list: Attempt[] = [];
  const body = op.json
    ? { body: JSON.stringify(plausible(doc, op.json, '')), contentType: 'application/json' }
    : op.binary
      ? { body: 'x', contentType: 'application/octet-stream' }
      : {};
  list.push({ method: op.method, url: urlOf(op, doc), ...body });
  for (const p of op.parameters)
    for (const raw of HOSTILE_TEXT)
      list.push({ method: op.method, url: urlOf(op, doc, { name: p.name, raw }), ...body });
  if (op.json) {
    const url = urlOf(op, doc);
    for (const value of HOSTILE_VALUES)
      for (const b of withField(doc, op.json, value))
        list.push({
          method: op.method,
          url,
          body: JSON.stringify(b),
          contentType: 'application/json',
        });
    for (const raw of HOSTILE_BODIES)
      list.push({ method: op.method, url, body: raw, contentType: 'application/json' });
  }
  return list;
}

async function send(app: App, attempt: Attempt, signed?: Signed): Promise<Response> {
  return app.request(attempt.url, {
    method: attempt.method,
    ...(attempt.body === undefined ? {} : { body: attempt.body }),
    headers: {
      ...(signed ? { cookie: signed.cookie, 'x-csrf-token': signed.csrf } : {}),
      ...(attempt.contentType ? { 'content-type': attempt.contentType } : {}),
    },
  });
}

describe.each(ENGINES)('hostile input on %s', (engine) => {
  const demo = useDemoDatabase(engine);

  /** A measure the demo takes, on its first åtgärdskrav. */
  const measure = (changes: Record<string, unknown>) => ({
    atgardskravId: 1,
    title: 'Prov',
    start: '2023-03',
    helarseffektTkr: '100',
    status: 'planerad',
    ...changes,
  });

  it('D9: answers ids past PostgreSQL’s integer in paths and bodies with 400, not 500', async () => {
    const app = createApp(demo());
    const admin = client(app, await signInController(app));
    const answers = [
      await admin.patch('/api/action-plans/measures/2147483648', { version: 1 }),
      await admin.delete('/api/action-plans/measures/2147483648?version=1'),
      await admin.delete('/api/action-plans/measures/1?version=2147483648'),
      await admin.patch('/api/users/2147483648', { version: 1 }),
      await admin.delete('/api/users/2147483648?version=1'),
      await admin.post('/api/action-plans/measures', measure({ atgardskravId: 2147483648 })),
    ];
    expect(answers.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(await answers[5]?.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'atgardskravId: får vara högst 2147483647',
    });
  });

  it('D9: answers amounts of 25–28 digits with 400, not 500', async () => {
    const app = createApp(demo());
    const admin = client(app, await signInController(app));
    const digits = (n: number) => '9'.repeat(n);
    const answers = [
      await admin.post('/api/action-plans/measures', measure({ helarseffektTkr: digits(28) })),
      await admin.post(
        '/api/action-plans/measures',
        measure({ override: { effektArTkr: digits(25), reason: 'prov' } }),
      ),
      await admin.post('/api/action-plans/requirements', {
        year: 2023,
        verksamhet: 'x',
        name: 'Prov',
        amountTkr: digits(26),
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(((await answers[0]?.json()) as { message: string }).message).toBe(
      `helarseffektTkr: "${digits(28)}" är inget belopp i tkr (t.ex. 2 750 eller 67,5; högst nio siffror före decimaltecknet)`,
    );
  });

  it('D9: answers from=0000-01-01 in the changes with 400, not 500', async () => {
    const app = createApp(demo());
    const admin = client(app, await signInController(app));
    const response = await admin.get('/api/action-plans/changes?from=0000-01-01&to=2023-12-31');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'from: ska vara en dag som finns, år 1900–2999',
    });
  });

  it('D9: answers an anonymous NUL in the username of a sign-in with 400, not 500', async () => {
    const app = createApp(demo());
    const response = await client(app).post('/api/auth/login', {
      username: 'anna\u0000',
      password: 'ett långt lösenord',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'username: får inte innehålla styrtecken (som NUL eller radbrytning)',
    });
  });

  it(
    'answers every operation of the OpenAPI document with hostile ids, amounts, text, dates and types without a 5xx, signed in and anonymously',
    { timeout: 600_000 },
    async () => {
      const app = createApp(demo());
      const admin = await signInController(app);
      const doc = (await (await client(app).get('/api/openapi.json')).json()) as Doc;
      const ops = operations(doc);
      const failures: string[] = [];
      let sent = 0;
      for (const op of ops) {
        // Signing out would end the session the rest of the walk uses.
        const signedIn = op.path === '/api/auth/logout' ? [undefined] : [admin, undefined];
        for (const attempt of attempts(op, doc))
          for (const who of signedIn) {
            const response = await send(app, attempt, who);
            sent += 1;
            if (response.status >= 500)
              failures.push(
                `${who ? 'controller' : 'anonymous'} ${attempt.method} ${attempt.url.slice(0, 120)} ${(attempt.body ?? '').slice(0, 120)} → ${response.status} ${(await response.text()).slice(0, 200)}`,
              );
          }
      }
      expect(sent).toBeGreaterThan(1000);
      expect(failures).toEqual([]);
      // The document covers sign-in too: the anonymous edge is where hostile input arrives first.
      expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
        expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/setup', 'GET /api/audit']),
      );
    },
  );
});
