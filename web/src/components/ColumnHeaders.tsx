/** A table's column headers: the first `textColumns` are text, the rest figures (right-aligned). */
export function ColumnHeaders({
  cells,
  textColumns = 1,
}: {
  cells: string[];
  textColumns?: number;
}) {
  return (
    <thead>
      <tr>
        {cells.map((cell, i) => (
          <th key={`${i}:${cell}`} scope="col" className={i < textColumns ? undefined : 'num'}>
            {cell}
          </th>
        ))}
      </tr>
    </thead>
  );
}
