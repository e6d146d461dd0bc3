import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { audited } from '../../audit/audit.service.ts';
import { budgetVersions, exportBudget } from '../../budget/budget.service.ts';
import type { TableFormat } from '../../files/table-file.ts';
import {
  importBudgetFile,
  importOrganisationFile,
  listImports,
} from '../../imports/imports.service.ts';
import type { DimensionRole } from '../../ledger/ledger.ts';
import { importSie } from '../../ledger/sie-import.service.ts';
import { findOrgUnits } from '../../organisation/organisation.service.ts';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { toJson } from '../../shared/json.ts';
import {
  errors,
  json,
  Line,
  requireAdministrator,
  Year,
  type AppContext,
  type BalansApp,
  type Env,
} from '../http.ts';

export const ProblemSchema = z
  .object({
    sheet: z.string().optional(),
    row: z.number().int().optional(),
    line: z.number().int().optional(),
    column: z.string().optional(),
    message: z.string(),
  })
  .openapi('Problem');

/** A refused file: the message lists the faults as text, `problems` each with its place. */
export const RefusalSchema = z
  .object({ code: z.string(), message: z.string(), problems: z.array(ProblemSchema).optional() })
  .openapi('Refusal');

const refusal = {
  422: {
    description: 'The file was refused; nothing was imported',
    content: { 'application/json': { schema: RefusalSchema } },
  },
};

const NDJSON = 'application/x-ndjson';

const ndjsonDescription =
  'With `Accept: application/x-ndjson`: 200 at once, then one JSON object a line: ' +
  '`{"type":"progress","bytesRead":N,"totalBytes":N,"rows":N}` (at most ten a second; totalBytes is null without Content-Length), ' +
  'and last `{"type":"done","summary":{…}}` or `{"type":"error","code":"…","message":"…","problems":[…]}`.';

const fileBody = (description: string) => ({
  required: true,
  description,
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
});

const FileName = Line(255, 1).openapi({
  description: "the file's name as the user chose it (shown in messages and history)",
});

const SpreadsheetName = FileName.regex(/\.(xlsx|csv)$/i, 'filen ska vara .xlsx eller .csv');

const SieSummarySchema = z
  .looseObject({
    file: z.string(),
    mode: z.enum(['replace', 'append']),
    alreadyImported: z.boolean(),
    vouchers: z.number(),
    rows: z.number(),
    warnings: z.array(
      z.object({ line: z.number().optional(), code: z.string(), message: z.string() }),
    ),
    warningsNotListed: z.number(),
  })
  .openapi('SieImportSummary');

const BudgetSummarySchema = z
  .object({
    version: z.string(),
    year: z.number(),
    isCurrent: z.boolean(),
    rows: z.number(),
    cells: z.number(),
    total: z.string().openapi({ description: 'kronor, exact, e.g. "1234.50"' }),
  })
  .openapi('BudgetImportSummary');

const OrganisationSummarySchema = z.object({
  units: z.number(),
  byLevel: z.record(z.string(), z.number()),
});

const importResponses = (schema: z.ZodType, what: string) => ({
  200: {
    description: ndjsonDescription,
    content: { [NDJSON]: { schema: z.string() } },
  },
  201: { description: what, content: { 'application/json': { schema } } },
  ...errors(400, 401, 403, 404, 409, 413),
  ...refusal,
});

const sieRoute = createRoute({
  method: 'post',
  path: '/api/imports/sie',
  summary:
    'Import an SIE file (type 1, 2, 3, 4E or 4I): all of it, or nothing if it is refused (as `balans import sie`)',
  request: {
    query: z.object({
      fileName: FileName,
      strict: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'refuse on any warning' }),
      dim: z
        .union([Line(40), z.array(Line(40)).max(10)])
        .optional()
        .openapi({
          description:
            'ROLE=NUMBER, repeatable: which SIE dimension is ansvar, verksamhet or projekt (dim=verksamhet=21)',
        }),
    }),
    body: fileBody("the file's bytes as they are (CP437); Content-Length gives progress"),
  },
  responses: importResponses(SieSummarySchema, 'Imported: what the file held, with every warning'),
});

const budgetRoute = createRoute({
  method: 'post',
  path: '/api/imports/budget',
  summary:
    'Import a budget template (XLSX or CSV) into a budget version: all of it, or nothing if a row is wrong',
  request: {
    query: z.object({
      fileName: SpreadsheetName,
      year: Year,
      version: Line(100, 1).openapi({ example: 'Budget' }),
      profile: Line(60, 1).optional().openapi({
        description: 'tolftedelar (default), personal, foregaende-ar or a profile of your own',
      }),
      current: z.enum(['true', 'false']).optional(),
    }),
    body: fileBody('the template file'),
  },
  responses: importResponses(BudgetSummarySchema, 'Imported'),
});

const organisationImportRoute = createRoute({
  method: 'post',
  path: '/api/imports/organisation',
  summary:
    'Import the organisation tree (XLSX or CSV: kod, namn, niva, overordnad), replacing the one held',
  request: {
    query: z.object({ fileName: SpreadsheetName }),
    body: fileBody('the organisation file'),
  },
  responses: importResponses(OrganisationSummarySchema, 'Imported: units in all and per level'),
});

const historyRoute = createRoute({
  method: 'get',
  path: '/api/imports',
  summary: 'The imports made (SIE, budget, organisation), newest first',
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
  },
  responses: {
    200: {
      description: 'The history',
      content: {
        'application/json': {
          schema: z.object({
            imports: z.array(
              z.object({
                id: z.number(),
                kind: z.string().openapi({ description: 'sie, budget or organisation' }),
                fileName: z.string(),
                importedAt: z.string().openapi({ format: 'date-time' }),
                mode: z.string().openapi({ description: 'replace, or append (SIE 4I)' }),
                rows: z.number().optional(),
                vouchers: z.number().optional(),
                warnings: z.number().optional(),
              }),
            ),
          }),
        },
      },
    },
    ...errors(400, 401, 403),
  },
});

const templateRoute = createRoute({
  method: 'get',
  path: '/api/budget/template',
  summary:
    "The budget template, pre-filled with a budget version (the current one by default) or, when the year has none, last year's outcome",
  request: {
    query: z.object({
      year: Year,
      version: Line(100, 1).optional(),
      format: z.enum(['xlsx', 'csv']).default('xlsx'),
    }),
  },
  responses: {
    200: {
      description: 'The template file',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    ...errors(400, 401, 403, 404),
  },
});

/** A file to download; the name may hold å, ä, ö (RFC 6266). */
export function fileResponse(bytes: Buffer, fileName: string, format: TableFormat): Response {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type':
        format === 'xlsx'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    },
  });
}

function parseDims(value: string | string[] | undefined): Partial<Record<DimensionRole, number>> {
  const dims: Partial<Record<DimensionRole, number>> = {};
  for (const text of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
    const match = /^(ansvar|verksamhet|projekt)=(\d{1,6})$/.exec(text);
    if (!match)
      throw new AppError(
        'INVALID_ARGUMENT',
        `dim: "${text}" ska vara ROLL=NUMMER, där ROLL är ansvar, verksamhet eller projekt (dim=verksamhet=21)`,
      );
    dims[match[1] as DimensionRole] = Number(match[2]);
  }
  return dims;
}

/** The name without any folder a browser may have added. */
function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() || fileName;
}

function declaredSize(c: Context<Env>): number | undefined {
  const header = c.req.header('content-length');
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** The body as it arrives, chunk by chunk, never held whole. */
function streamedBody(c: Context<Env>): AsyncIterable<Buffer> {
  const body: ReadableStream<Uint8Array> | null = c.req.raw.body;
  if (!body) throw new AppError('INVALID_ARGUMENT', 'filen saknas: skicka dess innehåll som body');
  const reader = body.getReader();
  return (async function* () {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  })();
}

export async function wholeBody(c: Context<Env>): Promise<Buffer> {
  const bytes = Buffer.from(await c.req.arrayBuffer());
  if (bytes.length === 0)
    throw new AppError('INVALID_ARGUMENT', 'filen saknas: skicka dess innehåll som body');
  return bytes;
}

function wantsStream(c: Context<Env>): boolean {
  return (c.req.header('accept') ?? '').includes(NDJSON);
}

/** One JSON object on one line (toJson keeps amounts exact but indents; JSON strings hold no raw line breaks). */
function line(value: unknown): string {
  return toJson(value).replace(/\n\s*/g, '') + '\n';
}

type Send = (value: unknown) => void;

/**
 * Answers 200 at once and streams the work's progress as NDJSON, then its summary or its error.
 * The work runs to its end (commit or rollback) whether or not the client still listens.
 */
function ndjson(work: (send: Send) => Promise<unknown>): Response {
  const encoder = new TextEncoder();
  // The client may go away (cancel); the work still runs to its commit or rollback.
  const client = { listening: true };
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      client.listening = false;
    },
  });
  const send: Send = (value) => {
    if (client.listening) controller?.enqueue(encoder.encode(line(value)));
  };
  void (async () => {
    try {
      const summary = await work(send);
      send({ type: 'done', summary });
    } catch (error) {
      if (isAppError(error)) {
        send({
          type: 'error',
          code: error.code,
          message: error.message,
          ...(error.problems ? { problems: error.problems } : {}),
        });
      } else {
        console.error(error);
        send({
          type: 'error',
          code: 'INTERNAL',
          message: 'ett oväntat fel inträffade; se serverns logg',
        });
      }
    } finally {
      if (client.listening) controller?.close();
      client.listening = false;
    }
  })();
  return new Response(stream, {
    status: 200,
    headers: { 'content-type': `${NDJSON}; charset=utf-8`, 'cache-control': 'no-store' },
  });
}

/** Runs an import as JSON (201 with the summary) or, when asked for, as an NDJSON stream. */
async function respond(c: Context<Env>, work: (send: Send) => Promise<unknown>): Promise<never> {
  // never: the typed OpenAPI handlers do not know json(), which keeps amounts exact.
  if (wantsStream(c)) return ndjson(work) as never;
  return json(await work(() => undefined), 201) as never;
}

/** Progress at most ten times a second, and once at the start. */
function throttled(send: Send, totalBytes: number | undefined) {
  let last = Number.NEGATIVE_INFINITY;
  return (progress: { bytesRead: number; rows: number }, always = false) => {
    const now = Date.now();
    if (!always && now - last < 100) return;
    last = now;
    send({
      type: 'progress',
      bytesRead: progress.bytesRead,
      totalBytes: totalBytes ?? null,
      rows: progress.rows,
    });
  };
}

export function importRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(sieRoute, async (c) => {
    requireAdministrator(c);
    const q = c.req.valid('query');
    const dims = parseDims(q.dim);
    const fileName = baseName(q.fileName);
    const size = declaredSize(c);
    const bytes = streamedBody(c);
    return respond(c, (send) => {
      const progress = throttled(send, size);
      progress({ bytesRead: 0, rows: 0 }, true);
      return audited(
        handle,
        { actor: c.get('user').username, action: 'import.sie', target: fileName },
        (tx) =>
          importSie(
            tx,
            { fileName, bytes, ...(size === undefined ? {} : { size }) },
            {
              dims,
              strict: q.strict === 'true',
              onProgress: (p) => {
                progress(p);
              },
            },
          ),
      );
    });
  });

  app.openapi(budgetRoute, async (c) => {
    requireAdministrator(c);
    const q = c.req.valid('query');
    const fileName = baseName(q.fileName);
    const bytes = await wholeBody(c);
    // The versions the year had, for the audit log (none when the ledger lacks the year).
    const before = await budgetVersions(handle.db, q.year).catch((error: unknown) => {
      if (isAppError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    return respond(c, () =>
      audited(
        handle,
        {
          actor: c.get('user').username,
          action: 'import.budget',
          target: `${fileName} → ${q.version}`,
          before,
        },
        (tx) =>
          importBudgetFile(
            tx.db,
            { name: fileName, bytes },
            {
              year: q.year,
              version: q.version,
              ...(q.profile === undefined ? {} : { profile: q.profile }),
              makeCurrent: q.current === 'true',
            },
          ),
      ),
    );
  });

  app.openapi(organisationImportRoute, async (c) => {
    requireAdministrator(c);
    const fileName = baseName(c.req.valid('query').fileName);
    const bytes = await wholeBody(c);
    const before = [...(await findOrgUnits(handle.db)).values()];
    return respond(c, () =>
      audited(
        handle,
        { actor: c.get('user').username, action: 'import.organisation', target: fileName, before },
        (tx) => importOrganisationFile(tx.db, { name: fileName, bytes }),
      ),
    );
  });

  app.openapi(historyRoute, async (c) => {
    requireAdministrator(c);
    return json({ imports: await listImports(handle.db, c.req.valid('query').limit) }) as never;
  });

  app.openapi(templateRoute, async (c) => {
    requireAdministrator(c);
    const q = c.req.valid('query');
    const bytes = await exportBudget(handle.db, {
      year: q.year,
      format: q.format,
      ...(q.version === undefined ? {} : { version: q.version }),
    });
    const name = `budget-${q.year}${q.version === undefined ? '' : `-${q.version}`}.${q.format}`;
    return fileResponse(bytes, name, q.format);
  });
}
