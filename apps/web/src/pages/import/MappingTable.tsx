import { choiceFromValue, choiceValue, leadFieldTargets, type MappedColumn } from './column-mapping';

/** One row per CSV column: its header, a sample value, and a select of what it fills. */
export function MappingTable({
  columns,
  problems,
  onChange,
  disabled,
}: {
  columns: MappedColumn[];
  problems: { column?: number; message: string }[];
  onChange: (columns: MappedColumn[]) => void;
  disabled: boolean;
}) {
  const change = (index: number, next: Partial<MappedColumn>) =>
    onChange(columns.map((column, i) => (i === index ? { ...column, ...next } : column)));
  const general = problems.filter((problem) => problem.column === undefined);
  return (
    <>
      <div className="table-wrap">
        <table className="compact">
          <caption className="visually-hidden">What each column of the file fills</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">First row</th>
              <th scope="col">Imported as</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column, index) => {
              const errors = problems.filter((problem) => problem.column === index);
              const errorId = `mapping-error-${index}`;
              const label = `Column ${index + 1} (${column.header || 'no name'})`;
              return (
                <tr key={index}>
                  <th scope="row">{column.header || <em>no name</em>}</th>
                  <td>{column.sample}</td>
                  <td>
                    <select
                      aria-label={`${label} imported as`}
                      aria-invalid={errors.length > 0 || undefined}
                      aria-describedby={errors.length > 0 ? errorId : undefined}
                      value={choiceValue(column.choice)}
                      disabled={disabled}
                      onChange={(event) =>
                        change(index, { choice: choiceFromValue(event.target.value, column) })
                      }
                    >
                      {leadFieldTargets.map(([field, name]) => (
                        <option key={field} value={field}>
                          {name}
                        </option>
                      ))}
                      <option value="custom">Custom field</option>
                      <option value="ignore">Do not import</option>
                    </select>
                    {column.choice.kind === 'custom' && (
                      <input
                        aria-label={`${label} custom field name`}
                        value={column.choice.key}
                        disabled={disabled}
                        onChange={(event) =>
                          change(index, { choice: { kind: 'custom', key: event.target.value } })
                        }
                      />
                    )}
                    {errors.length > 0 && (
                      <p className="field-error" id={errorId}>
                        {errors.map((problem) => problem.message).join(' ')}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {general.map((problem) => (
        <p key={problem.message} className="field-error" role="alert">
          {problem.message}
        </p>
      ))}
    </>
  );
}
