/** Python's ValueError, which seed 001's error page example raises. */
export class ValueError extends Error {
  override name = 'ValueError';
}
