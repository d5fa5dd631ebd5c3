/*
 * The similarity measure of Django's UserAttributeSimilarityValidator: difflib's
 * SequenceMatcher(a, b).quick_ratio(), and the length test Django runs first to skip it.
 */

/**
 * Python's `SequenceMatcher(a=a, b=b).quick_ratio()`: twice the number of characters the two
 * strings have in common (counted with multiplicity, in any order), over their total length; 1
 * for two empty strings. An upper bound on `ratio()`, computed in linear time. Characters are
 * code points, as in Python.
 *
 * @example quickRatio('testclient', 'client') // 0.75
 */
export function quickRatio(a: string, b: string): number {
  const available = new Map<string, number>();
  let lengthB = 0;
  for (const char of b) {
    available.set(char, (available.get(char) ?? 0) + 1);
    lengthB++;
  }
  let lengthA = 0;
  let matches = 0;
  for (const char of a) {
    lengthA++;
    const left = available.get(char);
    if (left !== undefined && left > 0) {
      available.set(char, left - 1);
      matches++;
    }
  }
  const total = lengthA + lengthB;
  return total === 0 ? 1 : (2 * matches) / total;
}

/**
 * Django's `exceeds_maximum_length_ratio`: true when `value` is so much shorter than the password
 * (at most a tenth of its length, and under `maxSimilarity / 2` of it) that quickRatio() cannot
 * reach `maxSimilarity`, so the comparison is skipped. Lengths are in code points.
 */
export function exceedsMaximumLengthRatio(passwordLength: number, maxSimilarity: number, valueLength: number): boolean {
  const lengthBoundSimilarity = (maxSimilarity / 2) * passwordLength;
  return passwordLength >= 10 * valueLength && valueLength < lengthBoundSimilarity;
}
