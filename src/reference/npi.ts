/**
 * Whether a text is a National Provider Identifier: ten digits whose last is the Luhn check digit
 * computed over the nine before it with the card-issuer prefix 80840 in front (CMS's NPI rule).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^[0-9]{10}$/.test(npi)) return false;
  return npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** The check digit for nine NPI digits. */
export function npiCheckDigit(nine: string): number {
  // 80840 is a constant prefix: its doubled-digit Luhn contribution is always 24.
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
