import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { get, query, request, type Organisation, type Role, type User } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { SaveError, useSave } from '../components/Forms.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';

const ROLES: Role[] = ['controller', 'forvaltningschef', 'verksamhetschef', 'enhetschef', 'namnd'];
const SCOPED: Role[] = ['verksamhetschef', 'enhetschef'];

interface Draft {
  username: string;
  displayName: string;
  role: Role;
  scope: string[];
  password: string;
}

/** The form for a new user or for changing one; scope is chosen among the organisation's units. */
function UserForm({ user, onDone }: { user?: User; onDone: () => void }) {
  const { t } = useLanguage();
  const organisation = useQuery({
    queryKey: ['organisation'],
    queryFn: () => get<Organisation>('/api/organisation'),
  });
  const ids = {
    username: useId(),
    name: useId(),
    role: useId(),
    scope: useId(),
    password: useId(),
    hint: useId(),
  };
  const [draft, setDraft] = useState<Draft>({
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    role: user?.role ?? 'enhetschef',
    scope: user?.scope ?? [],
    password: '',
  });
  const save = useSave(
    () =>
      user
        ? request('PATCH', `/api/users/${user.id}`, {
            displayName: draft.displayName,
            role: draft.role,
            scope: SCOPED.includes(draft.role) ? draft.scope : [],
            ...(draft.password ? { password: draft.password } : {}),
            version: user.version,
          })
        : request('POST', '/api/users', {
            ...draft,
            scope: SCOPED.includes(draft.role) ? draft.scope : [],
          }),
    {
      invalidate: ['users'],
      onDone,
    },
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const units = (organisation.data?.units ?? []).filter((u) => u.level !== 'forvaltning');
  return (
    <form
      onSubmit={submit}
      className="stack card"
      aria-label={user ? `${t.edit} ${user.username}` : t.users.addUser}
    >
      {!user && (
        <div className="field">
          <label htmlFor={ids.username}>{t.users.username}</label>
          <input
            id={ids.username}
            required
            autoComplete="off"
            value={draft.username}
            onChange={(e) => {
              setDraft({ ...draft, username: e.target.value });
            }}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.name}>{t.users.displayName}</label>
        <input
          id={ids.name}
          required
          value={draft.displayName}
          onChange={(e) => {
            setDraft({ ...draft, displayName: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.role}>{t.users.role}</label>
        <select
          id={ids.role}
          value={draft.role}
          onChange={(e) => {
            setDraft({ ...draft, role: e.target.value as Role });
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </div>
      {SCOPED.includes(draft.role) && (
        <fieldset className="scope">
          <legend>{t.users.scope}</legend>
          <p className="hint">{t.users.scopeHint}</p>
          <div className="scope-options">
            {units.map((u) => {
              const id = `${ids.scope}-${u.code}`;
              return (
                <div className="field checkbox" key={u.code}>
                  <input
                    id={id}
                    type="checkbox"
                    checked={draft.scope.includes(u.code)}
                    onChange={(e) => {
                      setDraft({
                        ...draft,
                        scope: e.target.checked
                          ? [...draft.scope, u.code]
                          : draft.scope.filter((c) => c !== u.code),
                      });
                    }}
                  />
                  <label htmlFor={id}>
                    {u.code} {u.name} ({t.organisation.levels[u.level]})
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      )}
      {!user?.oidc && (
        <div className="field">
          <label htmlFor={ids.password}>{user ? t.users.newPassword : t.users.password}</label>
          <input
            id={ids.password}
            type="password"
            autoComplete="new-password"
            required={!user}
            aria-describedby={ids.hint}
            value={draft.password}
            onChange={(e) => {
              setDraft({ ...draft, password: e.target.value });
            }}
          />
          <p id={ids.hint} className="hint">
            {t.signIn.passwordHint}
          </p>
        </div>
      )}
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {user ? t.save : t.add}
        </button>
        <button type="button" onClick={onDone}>
          {t.cancel}
        </button>
      </div>
      <SaveError error={save.error} conflict={t.organisation.conflict} />
    </form>
  );
}

export function Users() {
  const { t } = useLanguage();
  const { user: me } = useSession();
  const client = useQueryClient();
  const [editing, setEditing] = useState<number | 'new'>();
  const users = useQuery({
    queryKey: ['users'],
    queryFn: async () => (await get<{ users: User[] }>('/api/users')).users,
  });
  const remove = useMutation({
    mutationFn: (user: User) =>
      request('DELETE', `/api/users/${user.id}${query({ version: user.version })}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <>
      <PageTitle title={t.users.title} />
      <h1>{t.users.title}</h1>
      {users.isPending && <Loading />}
      {users.isError && <ErrorMessage error={users.error} />}
      {remove.isError && <ErrorMessage error={remove.error} />}
      {users.data && (
        <table>
          <caption className="visually-hidden">{t.users.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t.users.username}</th>
              <th scope="col">{t.users.displayName}</th>
              <th scope="col">{t.users.role}</th>
              <th scope="col">{t.users.scope}</th>
              <th scope="col">{t.users.signInMethod}</th>
              <th scope="col">
                <span className="visually-hidden">{t.edit}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.username}</th>
                <td>{u.displayName}</td>
                <td>{t.roles[u.role]}</td>
                <td>{u.scope.length === 0 ? t.users.everything : u.scope.join(', ')}</td>
                <td>{u.oidc ? t.users.oidc : t.users.local}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`${t.edit} ${u.username}`}
                    onClick={() => {
                      setEditing(u.id);
                    }}
                  >
                    {t.edit}
                  </button>
                  {u.id !== me.id && (
                    <button
                      type="button"
                      className="link-button danger"
                      aria-label={`${t.remove} ${u.username}`}
                      onClick={() => {
                        remove.mutate(u);
                      }}
                    >
                      {t.remove}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing === undefined && (
        <p>
          <button
            type="button"
            onClick={() => {
              setEditing('new');
            }}
          >
            {t.users.addUser}
          </button>
        </p>
      )}
      {editing !== undefined && (
        <UserForm
          key={editing}
          user={editing === 'new' ? undefined : users.data?.find((u) => u.id === editing)}
          onDone={() => {
            setEditing(undefined);
          }}
        />
      )}
    </>
  );
}
