/** Loading an optional npm package only when a backend needs it. */
import { MailPackageMissing } from './errors.js';

/**
 * The module `specifier` of the npm package `packageName`; MailPackageMissing (saying what to
 * install) when the package is not installed, any other loading error as it is.
 */
export async function importPackage<T>(specifier: string, packageName: string, usedBy: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new MailPackageMissing(`${usedBy} needs the ${packageName} package: npm install ${packageName}`, { cause: error });
    }
    throw error;
  }
}
