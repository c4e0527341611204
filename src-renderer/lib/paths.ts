/**
 * Stack traces and compiler errors carry paths as the machine that wrote the log saw them
 * (`C:\\Users\\x\\Game\\Assets\\A.cs`, `/home/ci/build/Assets/A.cs`, `Assets\\A.cs`): keep the
 * project-relative part, from `Assets/` or `Packages/`, with forward slashes.
 */
export function projectRelative(file: string): string {
  const m = /(?:^|\/)((?:Assets|Packages)\/.*)$/.exec(file.replace(/\\/g, '/'))
  return m ? m[1] : file.replace(/\\/g, '/')
}
