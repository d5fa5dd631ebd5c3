/**
 * Refuses options a validator does not take (Django's TypeError for an unexpected keyword
 * argument), so that a misspelt `minLenght` in AUTH_PASSWORD_VALIDATORS is an error at start-up
 * rather than a silently ignored setting.
 */
export function checkOptions(validator: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const takes = known.length === 0 ? 'it takes no options' : `it takes ${known.map((k) => `'${k}'`).join(', ')}`;
      throw new TypeError(`${validator}() got an unexpected option '${key}'; ${takes}.`);
    }
  }
}
