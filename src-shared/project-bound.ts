/**
 * Calls of areas that do not belong to one project: the app, its settings, team identity, the
 * data layer, and opening projects. Every other call is made for the open project, and the core
 * refuses it for another one (src-main/api/registry.ts); the renderer drops its late answers
 * (src-renderer/state/project-scope.ts).
 */
const PROJECT_FREE = ['app.', 'project.', 'settings.', 'settings-check.', 'team.', 'data.']

export function isProjectBound(call: string): boolean {
  return !PROJECT_FREE.some((p) => call.startsWith(p))
}
