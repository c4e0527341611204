import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * A Unity project of real C# scripts (MonoBehaviours that reference each other) and prefabs that
 * use them — with serialized fields and UnityEvents wired to their methods — for the C# index
 * tests and benchmarks. Deterministic for given sizes. Returns what was written, so a test can
 * hold SLATE's answers against it.
 */
export interface GeneratedCSharpProject {
  root: string
  scripts: { rel: string; guid: string; className: string; namespace: string }[]
  /** Prefab → the script GUIDs of its components. */
  prefabs: { rel: string; guid: string; scriptGuids: string[]; handlers: { script: string; method: string }[] }[]
}

const guidOf = (s: string) => crypto.createHash('md5').update(s).digest('hex')

export function generateCSharpProject(root: string, scripts: number, prefabs: number): GeneratedCSharpProject {
  const write = (rel: string, text: string) => {
    const abs = path.join(root, rel)
    fs.mkdirSync(path.dirname(abs), { recursive: true })
    fs.writeFileSync(abs, text)
  }
  write('ProjectSettings/ProjectVersion.txt', 'm_EditorVersion: 2022.3.10f1\n')
  const out: GeneratedCSharpProject = { root, scripts: [], prefabs: [] }
  for (let i = 0; i < scripts; i++) {
    const ns = `Game.Module${i % 50}`
    const className = `Comp${i}`
    const rel = `Assets/Scripts/Module${i % 50}/${className}.cs`
    const guid = guidOf(rel)
    const other = `Comp${(i * 7 + 3) % scripts}`
    const otherNs = `Game.Module${((i * 7 + 3) % scripts) % 50}`
    write(
      rel,
      `using UnityEngine;
using ${otherNs};

namespace ${ns}
{
    /// <summary>Component ${i} of the generated game.</summary>
    public class ${className} : MonoBehaviour
    {
        [SerializeField] private float speed${i} = ${i % 10}f;
        public ${other} other;
        public int count;

        void Update()
        {
            // Tick is called on the other component; "Tick" in a string is not a call.
            if (other != null) other.Tick(count);
            var label = "Tick";
            Debug.Log(label + speed${i});
        }

        public void Tick(int n) { count += n; }

        public void OnClick${i}() { Tick(1); }
    }
}
`,
    )
    write(`${rel}.meta`, `fileFormatVersion: 2\nguid: ${guid}\nMonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n  executionOrder: 0\n  icon: {instanceID: 0}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n`)
    out.scripts.push({ rel, guid, className, namespace: ns })
  }
  for (let p = 0; p < prefabs; p++) {
    const rel = `Assets/Prefabs/Thing${p}.prefab`
    const guid = guidOf(rel)
    const uses = [out.scripts[(p * 3) % scripts], out.scripts[(p * 3 + 1) % scripts]]
    const docs: string[] = ['%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n']
    const goId = 1000 + p
    docs.push(`--- !u!1 &${goId}\nGameObject:\n  m_ObjectHideFlags: 0\n  serializedVersion: 6\n  m_Component:\n  - component: {fileID: ${goId + 1}}\n  m_Layer: 0\n  m_Name: Thing${p}\n  m_IsActive: 1\n`)
    const handlers: { script: string; method: string }[] = []
    uses.forEach((s, k) => {
      const id = goId * 10 + k
      const target = goId * 10 // the first component
      const method = `OnClick${out.scripts.indexOf(uses[0])}`
      if (k === 1) handlers.push({ script: uses[0].guid, method })
      docs.push(
        `--- !u!114 &${id}\nMonoBehaviour:\n  m_ObjectHideFlags: 0\n  m_CorrespondingSourceObject: {fileID: 0}\n  m_PrefabInstance: {fileID: 0}\n  m_PrefabAsset: {fileID: 0}\n  m_GameObject: {fileID: ${goId}}\n  m_Enabled: 1\n  m_EditorHideFlags: 0\n  m_Script: {fileID: 11500000, guid: ${s.guid}, type: 3}\n  m_Name: \n  m_EditorClassIdentifier: \n  count: ${p}\n  other: {fileID: 0}\n` +
          (k === 1
            ? `  onDone:\n    m_PersistentCalls:\n      m_Calls:\n      - m_Target: {fileID: ${target}}\n        m_TargetAssemblyTypeName: ${uses[0].namespace}.${uses[0].className}, Assembly-CSharp\n        m_MethodName: ${method}\n        m_Mode: 1\n        m_Arguments:\n          m_ObjectArgument: {fileID: 0}\n        m_CallState: 2\n`
            : ''),
      )
    })
    write(rel, docs.join(''))
    write(`${rel}.meta`, `fileFormatVersion: 2\nguid: ${guid}\nPrefabImporter:\n  externalObjects: {}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n`)
    out.prefabs.push({ rel, guid, scriptGuids: uses.map((u) => u.guid), handlers })
  }
  return out
}
