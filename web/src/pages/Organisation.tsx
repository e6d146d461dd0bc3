import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import {
  get,
  query,
  request,
  uploadWithProgress,
  type OrgLevel,
  type OrgUnit,
  type Organisation as OrgData,
} from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { SaveError, useSave } from '../components/Forms.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLanguage } from '../i18n.tsx';

const LEVELS: OrgLevel[] = ['forvaltning', 'verksamhetsomrade', 'enhet', 'ansvar'];

function possibleParents(units: OrgUnit[], level: OrgLevel): OrgUnit[] {
  return units.filter((u) => LEVELS.indexOf(u.level) < LEVELS.indexOf(level));
}

function UnitEditor({
  unit,
  units,
  onDone,
}: {
  unit: OrgUnit;
  units: OrgUnit[];
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const client = useQueryClient();
  const ids = { name: useId(), parent: useId() };
  const [name, setName] = useState(unit.name);
  const [parent, setParent] = useState(unit.parent ?? '');
  const save = useSave(
    () =>
      request('PATCH', `/api/organisation/units/${encodeURIComponent(unit.code)}`, {
        name,
        parent: parent === '' ? null : parent,
        version: unit.version,
      }),
    {
      invalidate: ['organisation'],
      onDone,
    },
  );
  const remove = useMutation({
    mutationFn: () =>
      request(
        'DELETE',
        `/api/organisation/units/${encodeURIComponent(unit.code)}${query({ version: unit.version })}`,
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['organisation'] });
      onDone();
    },
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="inline-form" aria-label={`${t.edit} ${unit.code}`}>
      <div className="field inline">
        <label htmlFor={ids.name}>{t.name}</label>
        <input
          id={ids.name}
          value={name}
          required
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
      </div>
      <div className="field inline">
        <label htmlFor={ids.parent}>{t.organisation.parent}</label>
        <select
          id={ids.parent}
          value={parent}
          onChange={(e) => {
            setParent(e.target.value);
          }}
        >
          <option value="">{t.organisation.noParent}</option>
          {possibleParents(units, unit.level).map((p) => (
            <option key={p.code} value={p.code}>
              {p.code} {p.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={save.isPending}>
        {t.save}
      </button>
      <button type="button" onClick={onDone}>
        {t.cancel}
      </button>
      <button
        type="button"
        className="danger"
        onClick={() => {
          remove.mutate();
        }}
      >
        {t.remove}
      </button>
      <SaveError error={save.error} conflict={t.organisation.conflict} />
      {remove.isError && <ErrorMessage error={remove.error} />}
    </form>
  );
}

function Tree({
  units,
  parent,
  editing,
  setEditing,
}: {
  units: OrgUnit[];
  parent: string | null;
  editing: string | undefined;
  setEditing: (code: string | undefined) => void;
}) {
  const { t } = useLanguage();
  const children = units.filter(
    (u) =>
      u.parent === parent ||
      (parent === null && u.parent !== null && !units.some((p) => p.code === u.parent)),
  );
  if (children.length === 0) return null;
  return (
    <ul className="tree">
      {children.map((unit) => (
        <li key={unit.code}>
          <span className="unit">
            <span className="level">{t.organisation.levels[unit.level]}</span>{' '}
            <strong>{unit.code}</strong> {unit.name}{' '}
            {editing !== unit.code && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setEditing(unit.code);
                }}
                aria-label={`${t.edit} ${unit.code} ${unit.name}`}
              >
                {t.edit}
              </button>
            )}
          </span>
          {editing === unit.code && (
            <UnitEditor
              unit={unit}
              units={units}
              onDone={() => {
                setEditing(undefined);
              }}
            />
          )}
          <Tree units={units} parent={unit.code} editing={editing} setEditing={setEditing} />
        </li>
      ))}
    </ul>
  );
}

function AddUnit({
  units,
  unplaced,
}: {
  units: OrgUnit[];
  unplaced: { code: string; name: string }[];
}) {
  const { t } = useLanguage();
  const client = useQueryClient();
  const ids = { code: useId(), name: useId(), level: useId(), parent: useId() };
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [level, setLevel] = useState<OrgLevel>('ansvar');
  const [parent, setParent] = useState('');
  const add = useMutation({
    mutationFn: () =>
      request('POST', '/api/organisation/units', {
        code,
        name,
        level,
        parent: parent === '' ? null : parent,
      }),
    onSuccess: async () => {
      setCode('');
      setName('');
      await client.invalidateQueries({ queryKey: ['organisation'] });
    },
  });
  return (
    <section aria-labelledby="add-unit-title" className="card">
      <h2 id="add-unit-title">{t.organisation.addUnit}</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={ids.level}>{t.organisation.level}</label>
          <select
            id={ids.level}
            value={level}
            onChange={(e) => {
              setLevel(e.target.value as OrgLevel);
            }}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t.organisation.levels[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.code}>{t.code}</label>
          <input
            id={ids.code}
            required
            value={code}
            list={level === 'ansvar' ? 'unplaced-ansvar' : undefined}
            onChange={(e) => {
              setCode(e.target.value);
            }}
          />
          <datalist id="unplaced-ansvar">
            {unplaced.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t.name}</label>
          <input
            id={ids.name}
            value={name}
            required={level !== 'ansvar'}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.parent}>{t.organisation.parent}</label>
          <select
            id={ids.parent}
            value={parent}
            onChange={(e) => {
              setParent(e.target.value);
            }}
          >
            <option value="">{t.organisation.noParent}</option>
            {possibleParents(units, level).map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={add.isPending}>
          {t.add}
        </button>
      </form>
      {add.isError && <ErrorMessage error={add.error} />}
    </section>
  );
}

function OrganisationFile() {
  const { t } = useLanguage();
  const client = useQueryClient();
  const id = useId();
  const [file, setFile] = useState<File>();
  const upload = useMutation({
    mutationFn: (f: File) =>
      uploadWithProgress(
        `/api/imports/organisation${query({ fileName: f.name })}`,
        f,
        () => undefined,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['organisation'] }),
  });
  return (
    <section aria-labelledby="org-file-title" className="card">
      <h2 id="org-file-title">{t.imports.orgTitle}</h2>
      <p>
        <a href="/api/organisation/export?format=xlsx" download>
          {t.organisation.export}
        </a>
      </p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        <div className="field">
          <label htmlFor={id}>{t.organisation.importFile}</label>
          <input
            id={id}
            type="file"
            accept=".xlsx,.csv"
            required
            onChange={(e) => {
              setFile(e.target.files?.[0]);
            }}
          />
        </div>
        <button type="submit" disabled={!file || upload.isPending}>
          {t.imports.upload}
        </button>
      </form>
      {upload.isError && <ErrorMessage error={upload.error} title={t.imports.refused} />}
      {upload.isSuccess && <p role="status">{t.organisation.saved}</p>}
    </section>
  );
}

export function Organisation() {
  const { t } = useLanguage();
  const [editing, setEditing] = useState<string>();
  const organisation = useQuery({
    queryKey: ['organisation'],
    queryFn: () => get<OrgData>('/api/organisation'),
  });
  return (
    <>
      <PageTitle title={t.organisation.title} />
      <h1>{t.organisation.title}</h1>
      <p>{t.organisation.intro}</p>
      {organisation.isPending && <Loading />}
      {organisation.isError && <ErrorMessage error={organisation.error} />}
      {organisation.data && (
        <>
          <Tree
            units={organisation.data.units}
            parent={null}
            editing={editing}
            setEditing={setEditing}
          />
          {organisation.data.unplaced.length > 0 && (
            <section aria-labelledby="unplaced-title">
              <h2 id="unplaced-title">{t.organisation.unplaced}</h2>
              <ul>
                {organisation.data.unplaced.map((u) => (
                  <li key={u.code}>
                    {u.code} {u.name}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <div className="cards">
            <AddUnit units={organisation.data.units} unplaced={organisation.data.unplaced} />
            <OrganisationFile />
          </div>
        </>
      )}
    </>
  );
}
