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
export const MONO_FRAME_LOCATION = / in (.+):(\d+)\s*$/
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
