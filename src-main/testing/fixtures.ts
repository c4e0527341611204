import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (where package.json lives). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** `../shared/fixtures` beside the checkout; tests read fixtures from there and never copy them in. */
export const fixturesDir = path.resolve(repoRoot, '..', 'shared', 'fixtures')
export const unityFixture = (name: 'BoatAttack' | '2d-techdemos' | 'NavMeshComponents') => path.join(fixturesDir, 'unity', name)
export const logFixture = (n: 1 | 2) =>
  path.join(
    fixturesDir,
    'logs',
    n === 1
      ? '01_unity6000.1.3f1_batchmode_build_success__lsa26_KeepDriving.log'
      : '02_unity2020.3.31f1_android_build_failed_CS0246_gradle__AgerstnerDev_Logs.log',
  )
