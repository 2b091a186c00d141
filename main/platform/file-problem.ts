/**
 * Why a file could not be read, in words: "ENOENT" is what the operating system says, "there is
 * no file there" is what the admin needs. Unknown codes are given as they are, so nothing is
 * hidden.
 */
const words: Readonly<Record<string, string>> = {
  ENOENT: 'there is no file there',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'this account may not read it',
  EPERM: 'this account may not read it',
  ELOOP: 'it is a loop of symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return String(error);
  return words[code] ? `${words[code]} (${code})` : code;
}
