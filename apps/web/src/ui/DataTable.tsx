import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
  type OnChangeFn,
} from '@tanstack/react-table';

/**
 * A table of one page of server-side results (headless @tanstack/react-table: the API pages, sorts
 * and filters; the table only renders). With `selection`, each row gets a labelled checkbox and the
 * header one for the page; row ids are the resources' ids so a selection survives a refetch.
 */
export function DataTable<Row extends { id: string }>({
  caption,
  columns,
  rows,
  selection,
  onSelectionChange,
  rowLabel,
}: {
  caption: string;
  columns: ColumnDef<Row, unknown>[];
  rows: Row[];
  selection?: RowSelectionState;
  onSelectionChange?: OnChangeFn<RowSelectionState>;
  /** What a row's checkbox is named after (e.g. the lead's email); default: its number on the page. */
  rowLabel?: (row: Row) => string;
}) {
  const selectable = selection !== undefined && onSelectionChange !== undefined;
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableRowSelection: selectable,
    state: selectable ? { rowSelection: selection } : {},
    ...(selectable ? { onRowSelectionChange: onSelectionChange } : {}),
  });
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {selectable && (
                <th scope="col" className="select-cell">
                  <input
                    type="checkbox"
                    aria-label="Select every row on this page"
                    checked={table.getIsAllRowsSelected()}
                    ref={(box) => {
                      if (box) box.indeterminate = table.getIsSomeRowsSelected();
                    }}
                    onChange={table.getToggleAllRowsSelectedHandler()}
                  />
                </th>
              )}
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {header.isPlaceholder
                    ? null
                    : flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} aria-selected={selectable ? row.getIsSelected() : undefined}>
              {selectable && (
                <td className="select-cell">
                  <input
                    type="checkbox"
                    aria-label={rowLabel ? `Select ${rowLabel(row.original)}` : `Select row ${row.index + 1}`}
                    checked={row.getIsSelected()}
                    onChange={row.getToggleSelectedHandler()}
                  />
                </td>
              )}
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Cursor paging: the API gives the next page's cursor; going back replays the cursors seen. */
export function Pager({
  page,
  hasNext,
  onPrevious,
  onNext,
}: {
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={onPrevious} disabled={page === 0}>
        Previous
      </button>
      <span aria-live="polite">Page {page + 1}</span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        Next
      </button>
    </nav>
  );
}
