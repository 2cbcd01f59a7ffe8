/**
 * `SET a = :a, b = :b REMOVE c` from plain objects, with placeholder names so that reserved
 * words (status, date, role…) are never an issue. Undefined values are skipped.
 */
export function updateExpression(set: Record<string, unknown>, remove: string[] = []) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([attribute, value], index) => {
      names[`#u${index}`] = attribute;
      values[`:u${index}`] = value;
      return `#u${index} = :u${index}`;
    });
  const removals = remove.map((attribute, index) => {
    names[`#r${index}`] = attribute;
    return `#r${index}`;
  });
  const clauses = [
    assignments.length ? `SET ${assignments.join(', ')}` : '',
    removals.length ? `REMOVE ${removals.join(', ')}` : '',
  ];
  return {
    UpdateExpression: clauses.filter(Boolean).join(' '),
    ExpressionAttributeNames: names,
    ...(assignments.length ? { ExpressionAttributeValues: values } : {}),
  };
}

export type Change = { set: Record<string, unknown>; remove?: string[] };
export type Condition = { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };

/** An UpdateItem body that applies `change` only where `condition` holds. */
export function conditionalUpdate(table: string, Key: Record<string, string>, change: Change, condition: Condition) {
  const update = updateExpression(change.set, change.remove);
  const values = { ...update.ExpressionAttributeValues, ...condition.values };
  return {
    TableName: table,
    Key,
    UpdateExpression: update.UpdateExpression,
    ConditionExpression: condition.expression,
    ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...condition.names },
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}
