import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  DOCUMENT_FORMATS,
  DOCUMENT_TYPES,
  type DocumentFormat,
} from '../../documents/document-model.ts';
import type { DocumentInfo } from '../../documents/document.ts';
import {
  assignSection,
  documentWithSections,
  editSection,
  faststall,
  listDocuments,
  newVersion,
  openDocument,
  renderFile,
  type DocumentViewer,
} from '../../documents/document.service.ts';
import {
  errors,
  Id,
  IsoDate,
  json,
  Line,
  Prose,
  VersionNumber,
  Year,
  type AppContext,
  type BalansApp,
  type Env,
  Json,
  jsonBody,
} from '../http.ts';

/** The signed-in user as the documents see them. */
function viewerOf(c: Context<Env>): DocumentViewer {
  const user = c.get('user');
  return { username: user.username, role: user.role };
}

/** A section's key: "driftresultat", "verksamhetsanalys.51", "oversikt.trygg-hemgang". */
const SectionKey = Line(100, 1).refine((key) => /^[a-z0-9][a-z0-9.-]*$/.test(key), {
  message: 'är ingen avsnittsnyckel (små bokstäver a–z, siffror, punkt och bindestreck)',
});

/** The list fields of a document, as docs/documents.md names them. */
function listFields(info: DocumentInfo) {
  return {
    id: info.id,
    type: info.type,
    year: info.year,
    month: info.month,
    asOf: info.asOf,
    version: info.version,
    status: info.status,
    title: info.title,
    faststalldAt: info.faststalldAt,
    faststalldBy: info.faststalldBy,
  };
}

const listRoute = createRoute({
  method: 'get',
  path: '/api/documents',
  summary: "The board's documents (the board sees the fastställda only); every year without `year`",
  request: { query: z.object({ year: Year.optional() }) },
  responses: { 200: { description: 'The documents', content: Json }, ...errors(400, 401, 403) },
});

const openRoute = createRoute({
  method: 'post',
  path: '/api/documents',
  summary:
    'Open a document by type and date (controller): the latest version, or version 1 as a draft the first time',
  request: {
    body: jsonBody(
      z.object({
        type: z.enum(DOCUMENT_TYPES),
        year: z.number().int().min(1900).max(2999),
        month: z.number().int().min(1).max(12).optional(),
        asOf: IsoDate.optional(),
      }),
    ),
  },
  responses: {
    200: { description: 'The document', content: Json },
    ...errors(400, 401, 403, 404),
  },
});

const IdParams = z.object({ id: Id });
const SectionParams = z.object({ id: Id, key: SectionKey });

const readRoute = createRoute({
  method: 'get',
  path: '/api/documents/{id}',
  summary: "A document and its sections: each one's text, assignee and last year's text",
  request: { params: IdParams },
  responses: { 200: { description: 'The document', content: Json }, ...errors(400, 401, 403, 404) },
});

const editRoute = createRoute({
  method: 'put',
  path: '/api/documents/{id}/sections/{key}',
  summary:
    "Write a section's text (controller, or the manager it is assigned to); 409 when the rowVersion read is stale or the document is fastställd",
  request: {
    params: SectionParams,
    body: jsonBody(z.object({ html: Prose(100_000), rowVersion: VersionNumber.nullable() })),
  },
  responses: {
    200: { description: 'The section', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const assignRoute = createRoute({
  method: 'put',
  path: '/api/documents/{id}/sections/{key}/assignee',
  summary: 'Give a section to a manager to write, or take it back with null (controller)',
  request: {
    params: SectionParams,
    body: jsonBody(z.object({ assignee: Line(100, 1).nullable() })),
  },
  responses: {
    200: { description: 'The assignment', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const renderRoute = createRoute({
  method: 'get',
  path: '/api/documents/{id}/render',
  summary: 'The document as a file: PDF, DOCX, XLSX as a download, HTML inline (the preview)',
  request: { params: IdParams, query: z.object({ format: z.enum(DOCUMENT_FORMATS) }) },
  responses: {
    200: {
      description: 'The file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errors(400, 401, 403, 404),
  },
});

const faststallRoute = createRoute({
  method: 'post',
  path: '/api/documents/{id}/faststall',
  summary: 'Fastställ a draft (controller): its data and texts are frozen from now on',
  request: { params: IdParams },
  responses: {
    200: { description: 'The document', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

const versionRoute = createRoute({
  method: 'post',
  path: '/api/documents/{id}/versions',
  summary: 'A new draft (version + 1) from the latest, fastställd version (controller)',
  request: { params: IdParams },
  responses: {
    201: { description: 'The new draft', content: Json },
    ...errors(400, 401, 403, 404, 409),
  },
});

function fileResponse(
  file: { bytes: Uint8Array; contentType: string; fileName: string },
  format: DocumentFormat,
): Response {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const disposition = format === 'html' ? 'inline' : 'attachment';
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    },
  });
}

// json() keeps the figures exact; its Response is not the typed one @hono/zod-openapi infers, hence `as never`.
export function documentRoutes(app: BalansApp, { handle }: AppContext): void {
  app.openapi(listRoute, async (c) => {
    const { year } = c.req.valid('query');
    const documents = await listDocuments(
      handle.db,
      viewerOf(c),
      year === undefined ? {} : { year },
    );
    return json({ documents: documents.map(listFields) }) as never;
  });

  app.openapi(openRoute, async (c) => {
    const body = c.req.valid('json');
    const info = await openDocument(handle, viewerOf(c), {
      type: body.type,
      year: body.year,
      ...(body.month === undefined ? {} : { month: body.month }),
      ...(body.asOf === undefined ? {} : { asOf: body.asOf }),
    });
    return json(listFields(info)) as never;
  });

  app.openapi(readRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await documentWithSections(handle.db, viewerOf(c), id);
    return json({ document: listFields(found.document), sections: found.sections }) as never;
  });

  app.openapi(editRoute, async (c) => {
    const { id, key } = c.req.valid('param');
    const body = c.req.valid('json');
    const section = await editSection(handle, viewerOf(c), {
      id,
      key,
      html: body.html,
      rowVersion: body.rowVersion,
    });
    return json(section) as never;
  });

  app.openapi(assignRoute, async (c) => {
    const { id, key } = c.req.valid('param');
    const { assignee } = c.req.valid('json');
    return json(await assignSection(handle, viewerOf(c), { id, key, assignee })) as never;
  });

  app.openapi(renderRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const file = await renderFile(handle.db, viewerOf(c), { id, format });
    return fileResponse(file, format);
  });

  app.openapi(faststallRoute, async (c) => {
    const { id } = c.req.valid('param');
    return json(listFields(await faststall(handle, viewerOf(c), id))) as never;
  });

  app.openapi(versionRoute, async (c) => {
    const { id } = c.req.valid('param');
    return json(listFields(await newVersion(handle, viewerOf(c), id)), 201) as never;
  });
}
