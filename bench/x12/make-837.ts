// Builds a large 837P for the ingest benchmark: `npx tsx bench/x12/make-837.ts OUT MB`.
// One interchange, transaction sets of 5,000 claims; every claim has its own account number,
// subscriber, 1–3 SV1 lines, a rendering provider with taxonomy and a service facility, so that
// ingest does all its work (claims, lines, submissions, context snapshots). Deterministic.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CLAIMS_PER_TRANSACTION = 5_000;
const PROCEDURES = ['99213', '99214', '97110', '90834', 'G0439', '36415', '80053', '71046'];
const STATES = ['PA', 'NY', 'CA', 'TX', 'FL', 'OH'];
const TAXONOMIES = ['363LF0000X', '207Q00000X', '363A00000X', '208D00000X'];
const PAYERS = [
  ['KEY INSURANCE COMPANY', '999996666'],
  ['GREAT PRAIRIES HEALTH', '567890'],
  ['MEDICARE B', '00435'],
];

function claimSegments(i: number): string[] {
  const [payerName, payerId] = PAYERS[i % PAYERS.length]!;
  const lines = 1 + (i % 3);
  const day = String(1 + (i % 28)).padStart(2, '0');
  const date = `202501${day}`;
  const out = [
    `HL*${i + 2}*1*22*0`,
    'SBR*P*18*******CI',
    `NM1*IL*1*MEMBER${i}*PAT****MI*M${String(i).padStart(9, '0')}`,
    `N3*${i} MAIN ST`,
    `N4*TOWN*${STATES[i % STATES.length]}*17111`,
    'DMG*D8*19700101*F',
    `NM1*PR*2*${payerName}*****PI*${payerId}`,
  ];
  const charges = Array.from({ length: lines }, (_, l) => 5_000 + ((i * 7 + l * 13) % 20) * 500);
  const total = charges.reduce((a, b) => a + b, 0);
  out.push(
    `CLM*BENCH${String(i).padStart(8, '0')}*${(total / 100).toFixed(2)}***11:B:1*Y*A*Y*Y`,
    'HI*ABK:J020*ABF:R05',
    `NM1*82*1*DOC${i % 97}*ANN****XX*1${String(100_000_000 + (i % 97)).slice(0, 9)}`,
    `PRV*PE*PXC*${TAXONOMIES[i % TAXONOMIES.length]}`,
    'NM1*77*2*CLINIC*****XX*1111111112',
    'N3*2 STATE ST',
    `N4*CITY*${STATES[(i + 1) % STATES.length]}*12180`,
  );
  charges.forEach((cents, l) => {
    out.push(
      `LX*${l + 1}`,
      `SV1*HC:${PROCEDURES[(i + l) % PROCEDURES.length]}*${(cents / 100).toFixed(2)}*UN*1***1:2`,
      `DTP*472*D8*${date}`,
    );
  });
  return out;
}

/** Writes `targetBytes` or a little more of 837P to `out`; returns the number of claims. */
export async function make837(out: string, targetBytes: number): Promise<{ claims: number; bytes: number }> {
  const stream = createWriteStream(out);
  let bytes = 0;
  let buffer = '';
  const write = async (text: string) => {
    buffer += text;
    if (buffer.length >= 1 << 20) {
      bytes += buffer.length;
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  };
  const seg = (s: string) => write(`${s}~\n`);
  await seg(
    'ISA*00*          *00*          *ZZ*BENCHCLINIC    *ZZ*CLEARINGHOUSE  *250201*0900*^*00501*000000001*0*P*:',
  );
  await seg('GS*HC*BENCHCLINIC*CLEARINGHOUSE*20250201*0900*1*X*005010X222A1');
  let claims = 0;
  let transactions = 0;
  while (bytes + buffer.length < targetBytes) {
    transactions++;
    const control = String(transactions).padStart(4, '0');
    const header = [
      `ST*837*${control}*005010X222A1`,
      `BHT*0019*00*BATCH${transactions}*20250201*0900*CH`,
      'NM1*41*2*BENCH CLINIC*****46*BENCHCLINIC',
      'PER*IC*BILLING*TE*5555550100',
      'NM1*40*2*CLEARINGHOUSE*****46*CLEARINGHOUSE',
      'HL*1**20*1',
      'PRV*BI*PXC*261QM1300X',
      'NM1*85*2*BENCH CLINIC*****XX*1234567893',
      'N3*1 MAIN ST',
      'N4*ALBANY*NY*12237',
      'REF*EI*123456789',
    ];
    let count = header.length;
    for (const s of header) await seg(s);
    for (let k = 0; k < CLAIMS_PER_TRANSACTION && bytes + buffer.length < targetBytes; k++) {
      for (const s of claimSegments(claims)) {
        await seg(s);
        count++;
      }
      claims++;
    }
    await seg(`SE*${count + 1}*${control}`);
  }
  await seg(`GE*${transactions}*1`);
  await seg('IEA*1*000000001');
  bytes += buffer.length;
  stream.end(buffer);
  await once(stream, 'finish');
  return { claims, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [out, mb] = process.argv.slice(2);
  if (!out) throw new Error('usage: make-837.ts OUT MB');
  const { claims, bytes } = await make837(out, Number(mb ?? '20') * 1_000_000);
  process.stdout.write(`${out}: ${bytes} bytes, ${claims} claims\n`);
}
