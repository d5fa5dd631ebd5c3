/**
 * Django's UnicodeUsernameValidator: letters, digits (of any script) and @ . + - _ only.
 * Returns the message for a value it refuses, as canter/db validators do.
 */
export function unicodeUsernameValidator(value: string): string | undefined {
  if (/^[\p{L}\p{N}_.@+-]+$/u.test(value)) return undefined;
  return 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';
}
