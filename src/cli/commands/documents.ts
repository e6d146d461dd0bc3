import { writeFileSync } from 'node:fs';
import { Option } from 'commander';
import {
  DOCUMENT_FORMATS,
  DOCUMENT_TYPES,
  type DocumentFormat,
  type DocumentType,
} from '../../documents/document-model.ts';
import type { DocumentInfo } from '../../documents/document.ts';
import {
  faststall,
  findDocumentByRef,
  listDocuments,
  openDocument,
  renderFile,
  type DocumentRequest,
  type DocumentViewer,
} from '../../documents/document.service.ts';
import { AppError } from '../../shared/app-error.ts';
import {
  cliActor,
  dataOption,
  formatOption,
  parseYear,
  withDatabase,
  type Cli,
} from '../cli-support.ts';
import { formatTable } from '../output.ts';

/** The command line acts as the controller, named in the audit log as cli:USER. */
function cliViewer(): DocumentViewer {
  return { username: cliActor(), role: 'controller' };
}

function parseType(text: string): DocumentType {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(text))
    throw new AppError(
      'INVALID_ARGUMENT',
      `${text}: okänd dokumenttyp (${DOCUMENT_TYPES.join(', ')})`,
    );
  return text as DocumentType;
}

function parseDate(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!match || !day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text)
    throw new AppError(
      'INVALID_ARGUMENT',
      `--date ${text}: skriv ett datum som ÅÅÅÅ-MM-DD, t.ex. 2023-03-31`,
    );
  return text;
}

interface RefOptions {
  year?: string;
  date?: string;
  month?: string;
}

/** The document asked for: årsbokslut --year, åtgärdsplan --date, månads-/delårsrapport --year --month. */
function requestOf(typeText: string, options: RefOptions): DocumentRequest {
  const type = parseType(typeText);
  if (type === 'atgardsplan') {
    if (options.date === undefined)
      throw new AppError(
        'INVALID_ARGUMENT',
        'åtgärdsplanen behöver --date ÅÅÅÅ-MM-DD, t.ex. --date 2023-03-31',
      );
    return { type, asOf: parseDate(options.date) };
  }
  if (options.year === undefined)
    throw new AppError('INVALID_ARGUMENT', `${type} behöver --year ÅÅÅÅ, t.ex. --year 2024`);
  const month = options.month === undefined ? undefined : Number(options.month);
  if (month !== undefined && !(Number.isInteger(month) && month >= 1 && month <= 12))
    throw new AppError('INVALID_ARGUMENT', `--month ${options.month ?? ''}: skriv en månad 1–12`);
  return { type, year: parseYear(options.year), ...(month === undefined ? {} : { month }) };
}

/** `document list --format json`: type, year, (date), status, version — exactly these. */
function listEntry(info: DocumentInfo): Record<string, unknown> {
  return {
    type: info.type,
    year: info.year,
    ...(info.type === 'arsbokslut' ? {} : { date: info.asOf }),
    ...(info.month === null ? {} : { month: info.month }),
    status: info.status,
    version: info.version,
  };
}

const refOptions = () => [
  new Option('--year <yyyy>', 'the year (årsbokslut)'),
  new Option('--date <yyyy-mm-dd>', 'the date (åtgärdsplan)'),
  new Option('--month <m>', 'the month of the fiscal year, 1–12 (manadsrapport, delarsrapport)'),
];

export function registerDocumentCommands({ program, print }: Cli): void {
  const document = program
    .command('document')
    .description(
      "the board's documents: årsbokslut, åtgärdsplan, månadsrapport and delårsrapport (docs/documents.md)",
    );

  const render = document
    .command('render')
    .description('write a document as PDF, DOCX, HTML or XLSX (a draft is created the first time)')
    .argument('<type>', 'arsbokslut, atgardsplan, manadsrapport or delarsrapport');
  for (const option of refOptions()) render.addOption(option);
  render
    .addOption(
      new Option('--format <format>', 'the file format')
        .choices(DOCUMENT_FORMATS)
        .makeOptionMandatory(),
    )
    .option('--out <file>', 'the file to write (default: arsbokslut-2024-v1.pdf and so on)')
    .addOption(dataOption())
    .action(
      async (
        type: string,
        options: RefOptions & { format: DocumentFormat; out?: string; data?: string },
      ) => {
        const request = requestOf(type, options);
        const file = await withDatabase(options.data, async (handle) => {
          const info = await openDocument(handle, cliViewer(), request);
          return renderFile(handle.db, cliViewer(), { id: info.id, format: options.format });
        });
        const out = options.out ?? file.fileName;
        writeFileSync(out, file.bytes);
        print(`Wrote ${out}`);
      },
    );

  document
    .command('list')
    .description('every document: type, year or date, status and version')
    .addOption(formatOption(['table', 'json']))
    .option('--year <yyyy>', 'only this year')
    .addOption(dataOption())
    .action(async (options: { format: 'table' | 'json'; year?: string; data?: string }) => {
      const documents = await withDatabase(options.data, ({ db }) =>
        listDocuments(
          db,
          cliViewer(),
          options.year === undefined ? {} : { year: parseYear(options.year) },
        ),
      );
      if (options.format === 'json') {
        print(JSON.stringify(documents.map(listEntry)));
        return;
      }
      print(
        formatTable(
          [
            { key: 'title', header: 'Dokument' },
            { key: 'version', header: 'Version', align: 'right' },
            { key: 'status', header: 'Status' },
            { key: 'faststalld', header: 'Fastställt' },
          ],
          documents.map((d) => ({
            title: d.title,
            version: String(d.version),
            status: d.status === 'faststalld' ? 'fastställt' : 'utkast',
            faststalld:
              d.faststalldAt === null
                ? ''
                : `${d.faststalldAt.slice(0, 10)} ${d.faststalldBy ?? ''}`,
          })),
        ),
      );
    });

  const fix = document
    .command('faststall')
    .description('fastställ the latest draft: its data and texts are frozen from now on')
    .argument('<type>', 'arsbokslut, atgardsplan, manadsrapport or delarsrapport');
  for (const option of refOptions()) fix.addOption(option);
  fix
    .addOption(dataOption())
    .action(async (type: string, options: RefOptions & { data?: string }) => {
      const request = requestOf(type, options);
      const done = await withDatabase(options.data, async (handle) => {
        const info = await findDocumentByRef(handle.db, cliViewer(), request).catch(
          async (error: unknown) => {
            if (error instanceof AppError && error.code === 'NOT_FOUND')
              return openDocument(handle, cliViewer(), request);
            throw error;
          },
        );
        return faststall(handle, cliViewer(), info.id);
      });
      print(
        `${done.title}, version ${done.version}: fastställt ${done.faststalldAt?.slice(0, 10) ?? ''}`,
      );
    });
}
