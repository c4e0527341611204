/**
 * Regular expressions for the shapes of Unity's log, kept in one place so the parser and the
 * build's stage tracker agree. Each pattern is anchored: they run once per line on logs of
 * hundreds of thousands of lines.
 */

/** `Assets\X.cs(12,5): error CS0246: The type …` (Windows or POSIX separators). */
export const COMPILER_DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): (error|warning) ([A-Z]{2,}\d+): (.*)$/

/**
 * A managed frame Unity prints under Debug.Log messages, old and new forms:
 *   `UnityEngine.Debug:Log (object)` / `UnityEngine.Debug:Log(Object)`
 *   `Game.Player:Update () (at Assets/Player.cs:12)`
 *   `UnityEngine.UIElements.UIEventRegistration/<>c:<.cctor>b__1_2 (int,intptr)`
 */
export const MANAGED_FRAME = /^[\w.<>`+/$[\]]+:[\w.<>`$|[\],]+ ?\([^()]*\)(?: \(at (.+):(\d+)\))?\s*$/

/** Mono exception frames: `  at Ns.Type.Method (args) [0x00020] in /path/File.cs:42`. */
export const MONO_FRAME = /^\s+at .+/

/**
 * Where a Mono frame says it is: ` in <file>:<line>` at the end, the file starting after the first
 * ` in `. Written as two scans, not as the regex `/ in (.+):(\d+)\s*$/`: that pattern is not
 * anchored, so the engine retries `.+` from every ` in ` and a hostile line of `" in " × 32768` cost
 * seconds (quadratic). Here the tail is read backwards once and ` in ` found with one indexOf: O(n).
 */
export function monoFrameLocation(text: string): { file: string; line: number } | null {
  let end = text.length
  while (end > 0 && isRegexSpace(text.charCodeAt(end - 1))) end--
  let digits = end
  while (digits > 0 && isDigit(text.charCodeAt(digits - 1))) digits--
  if (digits === end || digits === 0 || text.charCodeAt(digits - 1) !== COLON) return null
  const colon = digits - 1
  // `.` stops at line terminators: the file is what follows the first ` in ` after the last one.
  const from = lastLineTerminator(text, colon) + 1
  const at = text.indexOf(' in ', from)
  if (at < 0 || at + 4 >= colon) return null
  return { file: text.slice(at + 4, colon), line: Number(text.slice(digits, end)) }
}

const COLON = 0x3a

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

/** The characters `\s` matches. */
function isRegexSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  )
}

function lastLineTerminator(text: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) {
    const c = text.charCodeAt(i)
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return i
  }
  return -1
}
/** `Rethrow as GradleInvokationException: Gradle build failed` continues an exception's stack. */
export const RETHROW = /^Rethrow as [\w.+`]+:/

/** `(Filename: Assets/Editor/BuildAndroid.cs Line: 14)` closes a script entry. */
export const FILENAME_TRAILER = /^\(Filename: (.*) Line: (-?\d+)\)\s*$/

/** `NullReferenceException: Object reference…`, `UnityEditor.BuildPlayerWindow+BuildMethodException: 4 errors`. */
export const EXCEPTION_HEADER = /^([\w.+`]+(?:Exception|Failure)):(?:\s|$)/

/** Debug API frames that say which level the script logged at. */
export const DEBUG_LEVEL_FRAME = /^UnityEngine\.Debug:(Log(?:Error|Warning|Exception|Assertion)?)(?:Format)?\b/

/** Lines Unity prints at error level without a stack (build pipeline, licensing, importer). */
export const PLAIN_ERROR = /^(?:Error\b|ERROR\b|\[[\w:]+\] Error\b|Aborting batchmode due to|Scripts have compiler errors|BUILD FAILED|Build completed with a result of 'Failed')/
export const PLAIN_WARNING = /^(?:Warning\b|WARNING\b|\[[\w:]+\] Warning\b)/
