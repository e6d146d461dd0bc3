/** A one-line progress bar on a terminal (rows, share of the file, time left); silent elsewhere. */
export interface Progress {
  update(bytesRead: number, rows: number): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream, totalBytes: number): Progress {
  if (!stream.isTTY || totalBytes <= 0) return { update() {}, done() {} };
  const started = Date.now();
  let shown = false;
  return {
    update(bytesRead, rows) {
      const share = Math.min(1, bytesRead / totalBytes);
      const elapsed = (Date.now() - started) / 1000;
      const left = share > 0 ? Math.round((elapsed / share) * (1 - share)) : 0;
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%  ${rows.toLocaleString('sv-SE')} rows  ${left} s left `,
      );
      shown = true;
    },
    done() {
      if (shown) stream.write('\n');
    },
  };
}
