import { useState } from 'react'
import { retargetProfile } from '../../../src-shared/build-targets'
import type { BuildOptionFlags, BuildProfile, BuildRunnerKind, BuildType, ProfileIssue } from '../../../src-shared/types-builds'
import { BACKEND_OPTIONS, BUILD_TYPES, COMPRESSION_OPTIONS, OPTION_FIELDS, RUNNER_OPTIONS, TARGETS, TARGET_LABELS } from './build-meta'
import { FieldIssues, issuesUnder } from './FieldIssues'
import { PlatformFields } from './PlatformFields'
import { SceneList, type BuildSettingsScene } from './SceneList'

export type BuildTypeInfo = Record<BuildType, { description: string; compression: string; defines: string[]; developmentBuild: boolean }>

interface Props {
  profile: BuildProfile
  issues: ProfileIssue[]
  buildTypes: BuildTypeInfo | undefined
  buildSettingsScenes: BuildSettingsScene[]
  runner: BuildRunnerKind
  onRunner(r: BuildRunnerKind): void
  image: string
  onImage(i: string): void
  onChange(p: BuildProfile): void
  /** A new build type resets options, compression and defines to that type's documented defaults. */
  onTypeChange(t: BuildType): void
}

/** The player's name in an output path (`Builds/Android/Boat.apk` → Boat), to name the new target's output. */
function productOf(outputPath: string): string {
  const base = outputPath.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(0, dot) : 'Game'
}

export function ProfileEditor({ profile: p, issues, buildTypes, buildSettingsScenes, runner, onRunner, image, onImage, onChange, onTypeChange }: Props) {
  const set = <K extends keyof BuildProfile>(k: K, v: BuildProfile[K]) => onChange({ ...p, [k]: v })
  const setOption = (k: keyof BuildOptionFlags, v: boolean) => onChange({ ...p, options: { ...p.options, [k]: v } })
  // Defines are edited as text (`A;B`) so typing a separator does not jump; when the profile's list
  // changes from outside (a new build type), the text follows it.
  const [definesText, setDefinesText] = useState(p.defines.join(';'))
  const shownDefines = splitDefines(definesText).join(';') === p.defines.join(';') ? definesText : p.defines.join(';')
  // Issues that no field below shows (schema errors on id/name…), so none is ever hidden.
  const shown = ['target', 'type', 'backend', 'compression', 'options', 'defines', 'scenes', 'outputPath', 'name', 'EditorBuildSettings', 'platform']
  const other = issues.filter((i) => !shown.some((f) => i.field === f || i.field.startsWith(`${f}.`) || i.field.startsWith(`${f}[`) || i.field.startsWith(`${f} `)))

  return (
    <div className="bld-editor" data-testid="profile-editor">
      <FieldIssues issues={other} field="profile" />
      <div className="bld-grid">
        <label className="bld-field">
          <span className="field-label">Name</span>
          <input value={p.name} onChange={(e) => set('name', e.target.value)} data-testid="field-name" />
          <span className="field-help mono">id {p.id}</span>
          <FieldIssues issues={issuesUnder(issues, 'name')} field="name" />
        </label>
        <label className="bld-field">
          <span className="field-label">Target platform</span>
          <select value={p.target} onChange={(e) => onChange(retargetProfile(p, e.target.value as BuildProfile['target'], productOf(p.outputPath)))} data-testid="field-target">
            {TARGETS.map((t) => (
              <option key={t} value={t}>
                {TARGET_LABELS[t]} ({t})
              </option>
            ))}
          </select>
          <FieldIssues issues={issuesUnder(issues, 'target')} field="target" />
        </label>
      </div>

      <fieldset className="bld-field bld-types" data-testid="field-type">
        <legend className="field-label">Build type</legend>
        <div className="bld-type-cards" role="radiogroup">
          {BUILD_TYPES.map((t) => (
            <label key={t} className={`bld-type-card${p.type === t ? ' on' : ''}`}>
              <input type="radio" name="build-type" value={t} checked={p.type === t} onChange={() => onTypeChange(t)} />
              <strong>{t}</strong>
              <span className="small muted">{buildTypes?.[t].description ?? '…'}</span>
            </label>
          ))}
        </div>
        <span className="field-help">Choosing a type resets the options, compression and defines below to its defaults; you can then adjust them.</span>
        <FieldIssues issues={issuesUnder(issues, 'type')} field="type" />
      </fieldset>

      <SceneList scenes={p.scenes} buildSettings={buildSettingsScenes} issues={issues} onChange={(s) => set('scenes', s)} />

      <div className="bld-grid">
        <label className="bld-field">
          <span className="field-label">Scripting backend</span>
          <select value={p.backend} onChange={(e) => set('backend', e.target.value as BuildProfile['backend'])} data-testid="field-backend">
            {BACKEND_OPTIONS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
          <FieldIssues issues={issuesUnder(issues, 'backend')} field="backend" />
        </label>
        <label className="bld-field">
          <span className="field-label">Compression</span>
          <select value={p.compression} onChange={(e) => set('compression', e.target.value as BuildProfile['compression'])} data-testid="field-compression">
            {COMPRESSION_OPTIONS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
          <FieldIssues issues={issuesUnder(issues, 'compression')} field="compression" />
        </label>
      </div>

      <fieldset className="bld-field" data-testid="field-options">
        <legend className="field-label">Options</legend>
        {OPTION_FIELDS.map((o) => {
          const own = issuesUnder(issues, `options.${o.key}`)
          return (
            <div key={o.key} className={`bld-option${own.some((i) => i.severity === 'error') ? ' has-error' : ''}`}>
              <label className="bld-check">
                <input type="checkbox" checked={p.options[o.key]} onChange={(e) => setOption(o.key, e.target.checked)} data-testid={`option-${o.key}`} />
                <span>{o.label}</span>
                <span className="small muted">{o.help}</span>
              </label>
              <FieldIssues issues={own} field={`options.${o.key}`} />
            </div>
          )
        })}
      </fieldset>

      <div className="bld-grid">
        <label className="bld-field">
          <span className="field-label">Scripting defines</span>
          <input
            className="mono"
            value={shownDefines}
            placeholder="MY_DEFINE;OTHER"
            onChange={(e) => {
              setDefinesText(e.target.value)
              set('defines', splitDefines(e.target.value))
            }}
            data-testid="field-defines"
          />
          <span className="field-help">Separated by semicolons; added to the Player Settings' own defines.</span>
          <FieldIssues issues={issuesUnder(issues, 'defines')} field="defines" />
        </label>
        <label className="bld-field">
          <span className="field-label">Output path</span>
          <input className="mono" value={p.outputPath} onChange={(e) => set('outputPath', e.target.value)} data-testid="field-outputPath" />
          <span className="field-help">Relative to the project folder.</span>
          <FieldIssues issues={issuesUnder(issues, 'outputPath')} field="outputPath" />
        </label>
      </div>
      <PlatformFields profile={p} issues={issues} onChange={onChange} />

      <label className="bld-field">
        <span className="field-label">Runner</span>
        <select value={runner} onChange={(e) => onRunner(e.target.value as BuildRunnerKind)} data-testid="field-runner">
          {RUNNER_OPTIONS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
        <span className="field-help">Remembered per profile on this machine; the profile file itself stays the same for everyone.</span>
      </label>
      {runner === 'docker' && (
        <label className="bld-field">
          <span className="field-label">Docker image</span>
          <input className="mono" value={image} onChange={(e) => onImage(e.target.value)} placeholder="GameCI's unityci/editor image for this Unity version and target" data-testid="field-image" />
          <span className="field-help">Leave empty for GameCI's image; set one for a registry of your own. Licensing comes from UNITY_LICENSE or UNITY_SERIAL/EMAIL/PASSWORD.</span>
        </label>
      )}
    </div>
  )
}

function splitDefines(text: string): string[] {
  return text.split(/[;,\s]+/).filter(Boolean)
}
