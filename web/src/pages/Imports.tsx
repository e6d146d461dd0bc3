import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import {
  get,
  query,
  uploadWithProgress,
  type BudgetSummary,
  type ImportProgress,
  type ImportRecord,
  type SieSummary,
} from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { formatBytes, formatDateTime, formatUnit } from '../format.ts';
import { useLanguage } from '../i18n.tsx';
import { useYears } from '../years.ts';

function Progress({ progress }: { progress: ImportProgress | undefined }) {
  const { t } = useLanguage();
  const id = useId();
  const percent = progress?.totalBytes
    ? Math.min(100, Math.round((progress.bytesRead / progress.totalBytes) * 100))
    : 0;
  return (
    <div className="progress" role="status">
      <label htmlFor={id}>{t.imports.progress}</label>
      <progress id={id} max={100} value={percent}>
        {percent} %
      </progress>
      <span>{t.imports.progressText(percent, formatUnit(progress?.rows ?? 0))}</span>
    </div>
  );
}

function SieResult({ summary }: { summary: SieSummary }) {
  const { t } = useLanguage();
  const s = t.imports.summary;
  return (
    <div role="status" className="success">
      <h3>{t.imports.done}</h3>
      {summary.alreadyImported && <p>{s.already}</p>}
      <dl className="summary">
        <dt>{s.company}</dt>
        <dd>
          {summary.company.name} {summary.company.orgnr ?? ''}
        </dd>
        <dt>{s.fiscalYears}</dt>
        <dd>{summary.fiscalYears.map((y) => `${y.start} – ${y.end}`).join(', ')}</dd>
        <dt>{s.mode}</dt>
        <dd>{summary.mode === 'append' ? s.append : s.replace}</dd>
        <dt>{s.accounts}</dt>
        <dd>{formatUnit(summary.accounts)}</dd>
        <dt>{s.vouchers}</dt>
        <dd>{formatUnit(summary.vouchers)}</dd>
        <dt>{s.rows}</dt>
        <dd>{formatUnit(summary.rows)}</dd>
        <dt>{s.budgetRows}</dt>
        <dd>{formatUnit(summary.budgetRows)}</dd>
      </dl>
      <Warnings warnings={summary.warnings} notListed={summary.warningsNotListed} />
    </div>
  );
}

function Warnings({
  warnings,
  notListed = 0,
}: {
  warnings: { line?: number; row?: number; message: string }[];
  notListed?: number;
}) {
  const { t } = useLanguage();
  if (warnings.length === 0) return <p>{t.imports.noWarnings}</p>;
  return (
    <details>
      <summary>{t.imports.warnings(warnings.length + notListed)}</summary>
      <table>
        <caption className="visually-hidden">
          {t.imports.warnings(warnings.length + notListed)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.imports.line}</th>
            <th scope="col">{t.imports.message}</th>
          </tr>
        </thead>
        <tbody>
          {warnings.map((w, i) => (
            <tr key={i}>
              <td className="num">{w.line ?? w.row ?? ''}</td>
              <td>{w.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function FileField({
  id,
  onFile,
  accept,
}: {
  id: string;
  onFile: (file: File | undefined) => void;
  accept: string;
}) {
  const { t } = useLanguage();
  return (
    <div className="field">
      <label htmlFor={id}>{t.imports.file}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        required
        onChange={(e) => {
          onFile(e.target.files?.[0]);
        }}
      />
    </div>
  );
}

function SieImport() {
  const { t } = useLanguage();
  const client = useQueryClient();
  const ids = { file: useId(), strict: useId() };
  const [file, setFile] = useState<File>();
  const [strict, setStrict] = useState(false);
  const [progress, setProgress] = useState<ImportProgress>();
  const upload = useMutation({
    mutationFn: (f: File) =>
      uploadWithProgress<SieSummary>(
        `/api/imports/sie${query({ fileName: f.name, strict: strict || undefined })}`,
        f,
        setProgress,
      ),
    onSuccess: () => client.invalidateQueries(),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!file) return;
    setProgress({ bytesRead: 0, totalBytes: file.size, rows: 0 });
    upload.mutate(file);
  };
  return (
    <section aria-labelledby="sie-title" className="card">
      <h2 id="sie-title">{t.imports.sieTitle}</h2>
      <p>{t.imports.sieIntro}</p>
      <form onSubmit={submit} className="stack">
        <FileField id={ids.file} onFile={setFile} accept=".se,.si,.sie,.txt" />
        <div className="field checkbox">
          <input
            id={ids.strict}
            type="checkbox"
            checked={strict}
            onChange={(e) => {
              setStrict(e.target.checked);
            }}
          />
          <label htmlFor={ids.strict}>{t.imports.strict}</label>
        </div>
        <button type="submit" disabled={upload.isPending || !file}>
          {upload.isPending ? t.imports.uploading : t.imports.upload}
        </button>
        {file && (
          <p className="hint">
            {file.name}, {formatBytes(file.size)}
          </p>
        )}
      </form>
      {upload.isPending && <Progress progress={progress} />}
      {upload.isError && <ErrorMessage error={upload.error} title={t.imports.refused} />}
      {upload.data && <SieResult summary={upload.data} />}
    </section>
  );
}

function BudgetImport() {
  const { t } = useLanguage();
  const client = useQueryClient();
  const years = useYears();
  const ids = {
    file: useId(),
    year: useId(),
    version: useId(),
    profile: useId(),
    current: useId(),
  };
  const [file, setFile] = useState<File>();
  const [year, setYear] = useState<number>();
  const [version, setVersion] = useState('Budget');
  const [profile, setProfile] = useState<'tolftedelar' | 'personal' | 'foregaende-ar'>(
    'tolftedelar',
  );
  const [current, setCurrent] = useState(true);
  const chosenYear = year ?? years.data?.[0]?.year;
  const upload = useMutation({
    mutationFn: (f: File) =>
      uploadWithProgress<BudgetSummary>(
        `/api/imports/budget${query({ fileName: f.name, year: chosenYear, version, profile, current: current || undefined })}`,
        f,
        () => undefined,
      ),
    onSuccess: () => client.invalidateQueries(),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <section aria-labelledby="budget-title" className="card">
      <h2 id="budget-title">{t.imports.budgetTitle}</h2>
      <p>{t.imports.budgetIntro}</p>
      <form onSubmit={submit} className="stack">
        <FileField id={ids.file} onFile={setFile} accept=".xlsx,.csv" />
        <div className="field">
          <label htmlFor={ids.year}>{t.year}</label>
          <select
            id={ids.year}
            value={chosenYear ?? ''}
            onChange={(e) => {
              setYear(Number(e.target.value));
            }}
          >
            {(years.data ?? []).map((y) => (
              <option key={y.year} value={y.year}>
                {y.year}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.version}>{t.imports.version}</label>
          <input
            id={ids.version}
            required
            value={version}
            onChange={(e) => {
              setVersion(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.profile}>{t.imports.profile}</label>
          <select
            id={ids.profile}
            value={profile}
            onChange={(e) => {
              setProfile(e.target.value as typeof profile);
            }}
          >
            {(['tolftedelar', 'personal', 'foregaende-ar'] as const).map((p) => (
              <option key={p} value={p}>
                {t.imports.profiles[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox">
          <input
            id={ids.current}
            type="checkbox"
            checked={current}
            onChange={(e) => {
              setCurrent(e.target.checked);
            }}
          />
          <label htmlFor={ids.current}>{t.imports.makeCurrent}</label>
        </div>
        <button type="submit" disabled={upload.isPending || !file || chosenYear === undefined}>
          {upload.isPending ? t.imports.uploading : t.imports.upload}
        </button>
      </form>
      {chosenYear !== undefined && (
        <p>
          <a
            href={`/api/budget/template${query({ year: chosenYear, version, format: 'xlsx' })}`}
            download
          >
            {t.imports.template} ({chosenYear}, {version})
          </a>
        </p>
      )}
      {upload.isError && <ErrorMessage error={upload.error} title={t.imports.refused} />}
      {upload.data && (
        <div role="status" className="success">
          <h3>{t.imports.done}</h3>
          <Warnings
            warnings={(upload.data.warnings ?? []).map((w) =>
              typeof w === 'string' ? { message: w } : w,
            )}
          />
        </div>
      )}
    </section>
  );
}

function History() {
  const { t } = useLanguage();
  const history = useQuery({
    queryKey: ['imports'],
    queryFn: async () => (await get<{ imports: ImportRecord[] }>('/api/imports')).imports,
  });
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t.imports.history}</h2>
      {history.isPending && <Loading />}
      {history.isError && <ErrorMessage error={history.error} />}
      {history.data && (
        <table>
          <caption className="visually-hidden">{t.imports.history}</caption>
          <thead>
            <tr>
              <th scope="col">{t.imports.when}</th>
              <th scope="col">{t.imports.kind}</th>
              <th scope="col">{t.imports.file}</th>
              <th scope="col" className="num">
                {t.imports.summary.rows}
              </th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((h) => (
              <tr key={h.id}>
                <td>{formatDateTime(h.importedAt)}</td>
                <td>{h.kind}</td>
                <td>{h.fileName}</td>
                <td className="num">{h.rows === undefined ? '' : formatUnit(h.rows)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Imports() {
  const { t } = useLanguage();
  return (
    <>
      <PageTitle title={t.imports.title} />
      <h1>{t.imports.title}</h1>
      <div className="cards">
        <SieImport />
        <BudgetImport />
      </div>
      <History />
    </>
  );
}
