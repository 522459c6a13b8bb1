// Card numbers as people type them and as the gateway shows them: digits, the Luhn check, and the one mask.

/** Card numbers come as `dddd-dddd-dddd-dddd`, with spaces, or bare. */
export function cardDigits(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{13,19}$/.test(digits) ? digits : null;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Mask like the real API: first 8 and last 4 digits visible (`41111111****1111`). */
export function maskCardNumber(digits: string): string {
  const keepEnd = 4;
  const keepStart = Math.min(8, digits.length - keepEnd - 4);
  return digits.slice(0, keepStart) + '*'.repeat(digits.length - keepStart - keepEnd) + digits.slice(-keepEnd);
}
