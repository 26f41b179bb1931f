import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

/**
 * SQL lives in repositories (`*.repository.ts`), in the database layer (`src/db/`) and in the
 * generator of the reference-data migration; everywhere else calls them (docs/architecture.md).
 * `SRC_DIR` points the check at another tree (to see it fail on an older one).
 */
const SRC = resolve(process.env.SRC_DIR ?? 'src');
const DB_DIR = join(SRC, 'db') + sep;

function allowed(path: string): boolean {
  return (
    path.endsWith('.repository.ts') ||
    path.startsWith(DB_DIR) ||
    path === join(SRC, 'codes', 'reference-sql.ts')
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The start of a statement, as this code base writes them (keywords in capitals). */
const STATEMENT = new RegExp(
  `^\\s*(${[
    /SELECT\s/,
    /INSERT\s+INTO\s/,
    /UPDATE\s+[\w.]+\s+(\w+\s+)?SET\s/,
    /DELETE\s+FROM\s/,
    /WITH\s+\w+\s+AS\s*\(/,
    /(CREATE|ALTER|DROP)\s+(OR\s+REPLACE\s+|TEMPORARY\s+|TEMP\s+|UNIQUE\s+)*(TABLE|INDEX|VIEW|SCHEMA|FUNCTION|TRIGGER|SEQUENCE)\s/,
    /SET\s+(LOCAL\s+|SESSION\s+)?\w+\s*(=|TO)\s/,
    /(SAVEPOINT|RELEASE\s+SAVEPOINT|ROLLBACK\s+TO\s+SAVEPOINT)\s/,
    /(ROLLBACK|COMMIT|BEGIN)\s*$/,
    /COPY\s+[\w.]+\s*\(/,
    /LOCK\s+TABLE\s/,
    /TRUNCATE\s/,
  ]
    .map((r) => r.source)
    .join('|')})`,
);

/** Methods of a database handle that run SQL. */
const RUNS_SQL = new Set(['query', 'exec', 'copyIn', 'copyInMany']);

/** A declaration of the database handle's methods: `Queryable` (src/db) or a driver's own. */
function isDatabaseMethod(declaration: ts.Declaration): boolean {
  const file = resolve(declaration.getSourceFile().fileName);
  return (
    file.startsWith(DB_DIR) ||
    /[/\\]node_modules[/\\](pg|@types[/\\]pg|@electric-sql[/\\]pglite)[/\\]/.test(file)
  );
}

/** Where a file outside the allowed places runs SQL or holds a statement's text: `path:line what`. */
function findSql(): string[] {
  const files = sourceFiles(SRC);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const path of files.filter((f) => !allowed(f))) {
    const source = program.getSourceFile(path);
    assert.ok(source, path);
    const at = (node: ts.Node, what: string) =>
      found.push(
        `${relative(process.cwd(), path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`,
      );
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        RUNS_SQL.has(node.expression.name.text)
      ) {
        const declarations = checker.getSymbolAtLocation(node.expression.name)?.declarations ?? [];
        if (declarations.some(isDatabaseMethod)) at(node, `calls .${node.expression.name.text}()`);
      }
      const text =
        ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
          ? node.text
          : ts.isTemplateExpression(node)
            ? node.head.text
            : undefined;
      if (text !== undefined && STATEMENT.test(text))
        at(node, `holds SQL: ${text.trim().split(/\s+/, 2).join(' ')} …`);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

void describe('SQL in repositories', () => {
  void it('no file outside *.repository.ts, src/db/ and src/codes/reference-sql.ts runs SQL or holds a statement', () => {
    assert.deepEqual(findSql(), []);
  });

  void it('recognises statements, and not words that only look like them', () => {
    const statements = [
      'SELECT 1',
      '\n  SELECT a FROM b',
      'INSERT INTO billing.x (a) VALUES ($1)',
      'UPDATE billing.denial d SET a = 1',
      'DELETE FROM billing.x',
      'WITH done AS (',
      'CREATE TEMPORARY TABLE x (a int)',
      "SET LOCAL work_mem = '32MB'",
      'SET LOCAL session_replication_role = replica',
      'SAVEPOINT x12_posting',
      'ROLLBACK TO SAVEPOINT x12_posting',
      'RELEASE SAVEPOINT x12_posting',
      'LOCK TABLE billing.claim IN SHARE ROW EXCLUSIVE MODE',
      'COPY billing.x (a, b) FROM STDIN',
    ];
    const words = ['DELETE', 'Select a file', 'UPDATE', 'the SET of codes', 'WITH', 'select 1 is lower case'];
    assert.deepEqual(
      statements.filter((s) => !STATEMENT.test(s)),
      [],
    );
    assert.deepEqual(
      words.filter((s) => STATEMENT.test(s)),
      [],
    );
  });
});
