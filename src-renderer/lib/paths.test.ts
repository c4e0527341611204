import { describe, expect, it } from 'vitest'
import { projectRelative } from './paths'

describe('projectRelative', () => {
  it('keeps the project part of paths from other machines', () => {
    expect(projectRelative('Assets\\UnityARInterface\\Scripts\\ARKitInterface.cs')).toBe('Assets/UnityARInterface/Scripts/ARKitInterface.cs')
    expect(projectRelative('C:/Users/me/Game/Assets/Scripts/A.cs')).toBe('Assets/Scripts/A.cs')
    expect(projectRelative('/home/ci/build/Packages/com.x/Runtime/B.cs')).toBe('Packages/com.x/Runtime/B.cs')
    expect(projectRelative('Library/PackageCache/x.cs')).toBe('Library/PackageCache/x.cs')
  })
})
