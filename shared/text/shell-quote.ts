/**
 * One value as one word of a command line, for the two shells an admin runs this tool's commands
 * in. Both use single quotes, inside which nothing is expanded: no `$`, no backtick, no `\`.
 * - sh: a single quote cannot appear inside one, so it is closed, escaped and reopened: `'\''`.
 * - PowerShell: a quote inside is doubled; PowerShell also takes the typographic single quotes
 *   (U+2018–U+201B) as quote marks, so each of those is doubled as itself (a doubled mark stands
 *   for the second one: turning ’ into '' would change a DN that holds ’).
 */

export function shQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (mark) => mark + mark)}'`;
}
