// The comparison: node-x12 reading the same file, whole (`parse`) or as a stream of segments.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { X12Parser } = createRequire(import.meta.url)('node-x12');
const [mode, file] = process.argv.slice(2);
if (mode === 'whole') {
  const interchange = new X12Parser(true).parse(readFileSync(file, 'utf8'));
  const segments = interchange.functionalGroups
    .flatMap((g) => g.transactions)
    .reduce((n, t) => n + t.segments.length, 0);
  console.log(`segments ${segments}`);
} else {
  let segments = 0;
  await new Promise((resolve, reject) => {
    createReadStream(file)
      .pipe(new X12Parser(true))
      .on('data', () => segments++)
      .on('end', resolve)
      .on('error', reject);
  });
  console.log(`segments ${segments}`);
}
