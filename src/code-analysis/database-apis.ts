/**
 * What the analysis knows about database APIs by name: which values are cursors, which functions quote
 * identifiers, psycopg's SQL composition, and the parts of Django's model metadata that are schema names.
 */

/**
 * Names people give cursors (`cursor`, `cur`, `db_cursor`, Odoo's `cr`). A receiver so named is taken as a
 * cursor even when the analysis cannot see where it came from: passed in, or stored on `self`.
 */
const CURSOR_NAME = /^_*(db_?)?(cursor|cur|curs|cr)$|_cursor$|^cursor_/i;

export function isCursorName(name: string | undefined): boolean {
  return name !== undefined && CURSOR_NAME.test(name);
}

/** Annotations that make a parameter a cursor or a connection with `execute`. */
export function isCursorAnnotation(annotation: string | undefined): boolean {
  return annotation !== undefined && /Cursor|\bConnection\b|sqlite3\.Connection|SchemaEditor/.test(annotation);
}

/** Django's schema editor has `execute(sql, params)`, and migrations receive it as `schema_editor`. */
export function isSchemaEditorName(name: string | undefined): boolean {
  return name !== undefined && /(^|_)schema_editor$|^editor$/.test(name);
}

/** DB-API `connect()` functions: their connections have `execute()` shortcuts (sqlite3, psycopg 3). */
export const CONNECT_FUNCTIONS = new Set([
  'sqlite3.connect',
  'sqlite3.dbapi2.connect',
  'psycopg.connect',
  'psycopg.Connection.connect',
  'psycopg.AsyncConnection.connect',
  'psycopg2.connect',
  'MySQLdb.connect',
  'pymysql.connect',
  'mysql.connector.connect',
  'aiosqlite.connect',
]);

/** Of those, the ones whose cursors take `?` placeholders rather than `%s`. */
export const QMARK_CONNECT_FUNCTIONS = new Set(['sqlite3.connect', 'sqlite3.dbapi2.connect', 'aiosqlite.connect']);

/** Functions whose result is a quoted identifier: `connection.ops.quote_name`, the compiler's `qn`. */
export const QUOTE_FUNCTIONS = new Set([
  'quote_name',
  'quote_name_unless_alias',
  'qn',
  'qn2',
  'quote_ident',
  'quote_identifier',
]);

/** psycopg's composition classes, by import path. */
export function psycopgSqlClass(path: string): string | undefined {
  const match = /^psycopg2?\.sql\.(SQL|Identifier|Literal|Placeholder|Composed)$/.exec(path);
  return match?.[1];
}

/** Attributes of `Model._meta` that are lists of fields. */
export const META_FIELD_LISTS = new Set([
  'fields',
  'concrete_fields',
  'local_fields',
  'local_concrete_fields',
  'many_to_many',
  'local_many_to_many',
  'private_fields',
]);

/** Methods of `Model._meta` returning fields. */
export const META_FIELD_METHODS = new Set(['get_field', 'get_fields']);

/**
 * Methods returning SQL that Django's ORM compiled (`qs.query.sql_with_params()`, `compiler.as_sql()`): its
 * values travel in the params that come with it, so pasting it into a query composes SQL, nothing more.
 */
export function isOrmSqlMethod(method: string, receiverName: string | undefined): boolean {
  if (method === 'as_sql' || method === 'sql_with_params') return true;
  if (method === 'compile') return /compiler$/i.test(receiverName ?? '');
  // connection.ops.date_trunc_sql(...), sequence_reset_sql(...): the backend's own SQL.
  return method.endsWith('_sql') && receiverName === 'ops';
}

/** `self.request`, and a class-based view's URL arguments, are request data. */
export const VIEW_REQUEST_ATTRIBUTES = new Set(['request', 'kwargs', 'args']);
