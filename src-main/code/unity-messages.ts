/**
 * The messages Unity calls by name on MonoBehaviour, ScriptableObject and Editor classes (from
 * the "Messages" sections of Unity's scripting reference for MonoBehaviour, ScriptableObject,
 * Editor, EditorWindow and AssetPostprocessor). A method with one of these names is used by Unity
 * itself even when no code calls it: never report it unused.
 */
const MONOBEHAVIOUR = [
  'Awake', 'Start', 'Update', 'FixedUpdate', 'LateUpdate', 'OnEnable', 'OnDisable', 'OnDestroy', 'OnValidate', 'Reset',
  'OnApplicationFocus', 'OnApplicationPause', 'OnApplicationQuit',
  'OnBecameVisible', 'OnBecameInvisible', 'OnPreCull', 'OnPreRender', 'OnPostRender', 'OnRenderImage', 'OnRenderObject', 'OnWillRenderObject',
  'OnGUI', 'OnDrawGizmos', 'OnDrawGizmosSelected',
  'OnCollisionEnter', 'OnCollisionExit', 'OnCollisionStay', 'OnCollisionEnter2D', 'OnCollisionExit2D', 'OnCollisionStay2D',
  'OnTriggerEnter', 'OnTriggerExit', 'OnTriggerStay', 'OnTriggerEnter2D', 'OnTriggerExit2D', 'OnTriggerStay2D',
  'OnControllerColliderHit', 'OnJointBreak', 'OnJointBreak2D', 'OnParticleCollision', 'OnParticleTrigger', 'OnParticleSystemStopped', 'OnParticleUpdateJobScheduled',
  'OnMouseDown', 'OnMouseDrag', 'OnMouseEnter', 'OnMouseExit', 'OnMouseOver', 'OnMouseUp', 'OnMouseUpAsButton',
  'OnAnimatorIK', 'OnAnimatorMove', 'OnAudioFilterRead', 'OnBeforeTransformParentChanged', 'OnTransformParentChanged', 'OnTransformChildrenChanged',
  'OnCanvasGroupChanged', 'OnRectTransformDimensionsChange', 'OnDidApplyAnimationProperties',
  'OnConnectedToServer', 'OnDisconnectedFromServer', 'OnServerInitialized', 'OnPlayerConnected', 'OnPlayerDisconnected',
  'OnValidate', 'OnServerInitialized',
]
const SCRIPTABLE_OBJECT_AND_EDITOR = [
  'OnInspectorGUI', 'OnSceneGUI', 'OnHeaderGUI', 'OnPreviewGUI', 'OnInteractivePreviewGUI', 'HasPreviewGUI', 'RenderStaticPreview', 'CreateGUI',
  'OnFocus', 'OnLostFocus', 'OnHierarchyChange', 'OnProjectChange', 'OnSelectionChange', 'OnInspectorUpdate', 'OnAddedAsTab', 'OnBecameVisible', 'ModifierKeysChanged', 'ShowButton',
  'OnPreprocessTexture', 'OnPostprocessTexture', 'OnPreprocessModel', 'OnPostprocessModel', 'OnPreprocessAudio', 'OnPostprocessAudio', 'OnPostprocessAllAssets',
  'OnPreprocessAsset', 'OnPostprocessSprites', 'OnPostprocessMaterial', 'OnPreprocessAnimation', 'OnPostprocessPrefab', 'OnAssignMaterialModel', 'OnPostprocessGameObjectWithUserProperties',
  'OnPreprocessSpeedTree', 'OnPostprocessSpeedTree', 'OnPostprocessCubemap', 'OnPostprocessMeshHierarchy', 'OnPostprocessAnimation', 'OnPostprocessGameObjectWithAnimatedUserProperties',
  'OnWizardCreate', 'OnWizardUpdate', 'OnWizardOtherButton', 'OnBeforeSerialize', 'OnAfterDeserialize',
  'OnStateEnter', 'OnStateExit', 'OnStateUpdate', 'OnStateMove', 'OnStateIK', 'OnStateMachineEnter', 'OnStateMachineExit',
]

const MESSAGES = new Set([...MONOBEHAVIOUR, ...SCRIPTABLE_OBJECT_AND_EDITOR])

export function isUnityMessage(methodName: string): boolean {
  return MESSAGES.has(methodName)
}

/** Base classes whose subclasses Unity instantiates and serializes (a script asset can be attached). */
export const UNITY_OBJECT_BASES = new Set([
  'MonoBehaviour', 'ScriptableObject', 'StateMachineBehaviour', 'Editor', 'EditorWindow', 'ScriptableWizard', 'UIBehaviour', 'Selectable',
  'Graphic', 'MaskableGraphic', 'NetworkBehaviour', 'PropertyDrawer', 'DecoratorDrawer', 'ScriptableRendererFeature', 'ScriptableSingleton',
])
