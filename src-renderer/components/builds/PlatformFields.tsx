import type { BuildProfile, ProfileIssue } from '../../../src-shared/types-builds'
import { ANDROID_ARCHITECTURES, type AndroidSettings, type IOSSettings, type WebGLSettings } from '../../../src-shared/types-platform'
import { FieldIssues, issuesUnder } from './FieldIssues'

/**
 * The platform settings a team needs in a profile (Android, WebGL, iOS). The keystore's passwords
 * are never typed here: only the NAMES of the environment variables that hold them where the
 * build runs.
 */
export function PlatformFields({ profile: p, issues, onChange }: { profile: BuildProfile; issues: ProfileIssue[]; onChange(p: BuildProfile): void }) {
  const num = (v: string) => (v.trim() === '' ? undefined : Number(v))
  if (p.target === 'Android') {
    const a = p.platform?.android ?? {}
    const setA = (next: AndroidSettings) => onChange({ ...p, platform: { ...p.platform, android: clean(next) } })
    const k = a.keystore
    const setK = (field: 'path' | 'alias' | 'passwordEnv' | 'aliasPasswordEnv', v: string) => {
      const next = { path: '', alias: '', passwordEnv: '', aliasPasswordEnv: '', ...k, [field]: v }
      setA({ ...a, keystore: Object.values(next).every((x) => x === '') ? undefined : next })
    }
    return (
      <fieldset className="bld-platform" data-testid="platform-android">
        <legend className="field-label">Android</legend>
        <div className="bld-grid">
          <label className="bld-field">
            <span className="field-label">Package</span>
            <select value={a.format ?? ''} onChange={(e) => setA({ ...a, format: (e.target.value || undefined) as AndroidSettings['format'] })} data-testid="field-android-format">
              <option value="">As in Player Settings</option>
              <option value="apk">APK</option>
              <option value="aab">App Bundle (AAB, for Google Play)</option>
            </select>
          </label>
          <label className="bld-field">
            <span className="field-label">Minimum / target API level</span>
            <span className="setting-row">
              <input type="number" value={a.minSdk ?? ''} placeholder="min" onChange={(e) => setA({ ...a, minSdk: num(e.target.value) })} data-testid="field-android-minSdk" />
              <input type="number" value={a.targetSdk ?? ''} placeholder="target" onChange={(e) => setA({ ...a, targetSdk: num(e.target.value) })} data-testid="field-android-targetSdk" />
            </span>
            <FieldIssues issues={issuesUnder(issues, 'platform.android.minSdk')} field="platform.android.minSdk" />
          </label>
          <div className="bld-field">
            <span className="field-label">Architectures</span>
            <span className="setting-row">
              {ANDROID_ARCHITECTURES.map((arch) => (
                <label key={arch} className="small">
                  <input
                    type="checkbox"
                    checked={a.architectures?.includes(arch) ?? false}
                    onChange={(e) => setA({ ...a, architectures: e.target.checked ? [...(a.architectures ?? []), arch] : (a.architectures ?? []).filter((x) => x !== arch) })}
                  />{' '}
                  {arch}
                </label>
              ))}
            </span>
            <span className="field-help">None checked: as in Player Settings.</span>
            <FieldIssues issues={issuesUnder(issues, 'platform.android.architectures')} field="platform.android.architectures" />
          </div>
          <label className="bld-field">
            <span className="field-label">Keystore (path, alias)</span>
            <span className="setting-row">
              <input className="mono" value={k?.path ?? ''} placeholder="Keystores/release.jks" onChange={(e) => setK('path', e.target.value)} data-testid="field-keystore-path" />
              <input className="mono" value={k?.alias ?? ''} placeholder="alias" onChange={(e) => setK('alias', e.target.value)} />
            </span>
          </label>
          <label className="bld-field">
            <span className="field-label">Password variables</span>
            <span className="setting-row">
              <input className="mono" value={k?.passwordEnv ?? ''} placeholder="KEYSTORE_PASS" onChange={(e) => setK('passwordEnv', e.target.value)} data-testid="field-keystore-passwordEnv" />
              <input className="mono" value={k?.aliasPasswordEnv ?? ''} placeholder="KEY_ALIAS_PASS" onChange={(e) => setK('aliasPasswordEnv', e.target.value)} />
            </span>
            <span className="field-help">The names of environment variables that hold the passwords where the build runs (a CI secret): the profile never stores a password.</span>
            <FieldIssues issues={issuesUnder(issues, 'platform.android.keystore')} field="platform.android.keystore" />
          </label>
        </div>
      </fieldset>
    )
  }
  if (p.target === 'WebGL') {
    const w = p.platform?.webgl ?? {}
    const setW = (next: WebGLSettings) => onChange({ ...p, platform: { ...p.platform, webgl: clean(next) } })
    return (
      <fieldset className="bld-platform" data-testid="platform-webgl">
        <legend className="field-label">WebGL</legend>
        <div className="bld-grid">
          <label className="bld-field">
            <span className="field-label">Template</span>
            <input className="mono" value={w.template ?? ''} placeholder="APPLICATION:Default or PROJECT:MyTemplate" onChange={(e) => setW({ ...w, template: e.target.value || undefined })} />
            <FieldIssues issues={issuesUnder(issues, 'platform.webgl.template')} field="platform.webgl.template" />
          </label>
          <label className="bld-field">
            <span className="field-label">Compression</span>
            <select value={w.compression ?? ''} onChange={(e) => setW({ ...w, compression: (e.target.value || undefined) as WebGLSettings['compression'] })}>
              <option value="">As in Player Settings</option>
              <option value="brotli">Brotli</option>
              <option value="gzip">Gzip</option>
              <option value="disabled">Disabled</option>
            </select>
          </label>
        </div>
      </fieldset>
    )
  }
  if (p.target === 'iOS') {
    const i = p.platform?.ios ?? {}
    const setI = (next: IOSSettings) => onChange({ ...p, platform: { ...p.platform, ios: clean(next) } })
    return (
      <fieldset className="bld-platform" data-testid="platform-ios">
        <legend className="field-label">iOS</legend>
        <div className="bld-grid">
          <label className="bld-field">
            <span className="field-label">Team id</span>
            <input className="mono" value={i.teamId ?? ''} placeholder="ABCDE12345" onChange={(e) => setI({ ...i, teamId: e.target.value || undefined })} />
            <FieldIssues issues={issuesUnder(issues, 'platform.ios.teamId')} field="platform.ios.teamId" />
          </label>
          <label className="bld-field">
            <span className="field-label">Signing</span>
            <select value={i.signing ?? ''} onChange={(e) => setI({ ...i, signing: (e.target.value || undefined) as IOSSettings['signing'] })}>
              <option value="">As in Player Settings</option>
              <option value="automatic">Automatic</option>
              <option value="manual">Manual (provisioning profile)</option>
            </select>
          </label>
          {i.signing === 'manual' && (
            <label className="bld-field">
              <span className="field-label">Provisioning profile UUID</span>
              <input className="mono" value={i.provisioningProfileId ?? ''} onChange={(e) => setI({ ...i, provisioningProfileId: e.target.value || undefined })} />
              <FieldIssues issues={issuesUnder(issues, 'platform.ios.provisioningProfileId')} field="platform.ios.provisioningProfileId" />
            </label>
          )}
        </div>
      </fieldset>
    )
  }
  return null
}

/** Drop unset fields, and the whole object when nothing is set, so profiles stay as they were. */
function clean<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
  return entries.length ? (Object.fromEntries(entries) as T) : undefined
}
