/**
 * The WHERE clause of a list query in one workspace, built one condition at a time with numbered
 * parameters (`$1` is the workspace).
 */
export function workspaceFilter(workspaceId: string): {
  params: unknown[];
  where: string[];
  /** Adds the condition `sql(placeholder)`, with `value` as that placeholder's parameter. */
  add(sql: (at: string) => string, value: unknown): void;
} {
  const params: unknown[] = [workspaceId];
  const where = ['workspace_id = $1'];
  return {
    params,
    where,
    add(sql, value) {
      params.push(value);
      where.push(sql(`$${params.length}`));
    },
  };
}
