import { expect } from 'vitest';
import { ValidationError } from '../errors.js';

/** The ValidationError messages `run` throws (none when it does not throw). */
export function messages(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return Object.values((error as ValidationError).errors).flat();
  }
  return [];
}
