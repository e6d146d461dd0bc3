import { useEffect } from 'react';

/** The browser tab's title (WCAG 2.4.2): "Översikt – Balans". */
export function PageTitle({ title }: { title: string }) {
  useEffect(() => {
    document.title = `${title} – Balans`;
  }, [title]);
  return null;
}
