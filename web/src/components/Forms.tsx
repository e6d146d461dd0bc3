import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from '../api.ts';
import { useLanguage } from '../i18n.tsx';
import { ErrorMessage } from './DataState.tsx';

/**
 * Saving an edit: on success the data is read again and the form closes; when someone else changed
 * the record since it was read (409), the data is read again so the next try starts from theirs.
 */
export function useSave(
  save: () => Promise<unknown>,
  options: { invalidate: QueryKey; onDone: () => void },
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: save,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: options.invalidate });
      options.onDone();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 409)
        await client.invalidateQueries({ queryKey: options.invalidate });
    },
  });
}

/** A failed save: a change made by someone else meanwhile is said in plain words. */
export function SaveError({ error, conflict }: { error: unknown; conflict: string }) {
  if (error === null || error === undefined) return null;
  return (
    <ErrorMessage
      error={error instanceof ApiError && error.status === 409 ? new Error(conflict) : error}
    />
  );
}

export function SaveCancel({
  saving,
  onCancel,
  saveLabel,
}: {
  saving: boolean;
  onCancel: () => void;
  saveLabel?: string;
}) {
  const { t } = useLanguage();
  return (
    <div className="buttons">
      <button type="submit" disabled={saving}>
        {saveLabel ?? t.save}
      </button>
      <button type="button" onClick={onCancel}>
        {t.cancel}
      </button>
    </div>
  );
}
