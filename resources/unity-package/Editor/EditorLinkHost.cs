// The Editor's link host: Editor events in (play mode, pause, compilation, domain reload), the
// Editor's commands out (EditorLinkCommands). Subscribes on Attach and unsubscribes on Stop, so
// a test (or a second Start) never leaves two hosts listening.
using System.Collections.Generic;
using System.IO;
using Slate.Bridge.Link;
using UnityEditor;
using UnityEditor.Compilation;

namespace Slate.Bridge
{
    public sealed class EditorLinkHost : LinkHost
    {
        public const string LinkFile = "Library/SlateLink.json";
        readonly string _projectDir;
        readonly EditorLinkCommands _commands;
        string _mode = "edit";
        string _savedSession;
        bool _compiling;
        int _compileErrors;
        bool _attached;

        public EditorLinkHost(string projectDir, string resume)
            : base(() => ReadEndpoint(projectDir), ProcessInfo("editor"), resume)
        {
            _projectDir = projectDir;
            _savedSession = resume;
            _commands = new EditorLinkCommands(this, projectDir);
        }

        public string ProjectDir { get { return _projectDir; } }

        static LinkEndpoint ReadEndpoint(string projectDir)
        {
            string problem;
            // Loopback only: see LinkEndpoint.FromFile. A problem is not logged: this runs every second
            // until SLATE writes the file, and the Console is the user's, not ours.
            return LinkEndpoint.FromFile(Path.Combine(projectDir, LinkFile), true, out problem);
        }

        public void Attach()
        {
            if (_attached) return;
            _attached = true;
            EditorApplication.playModeStateChanged += OnPlayModeChanged;
            EditorApplication.pauseStateChanged += OnPauseChanged;
            EditorApplication.update += OnUpdate;
            EditorApplication.quitting += OnQuitting;
            AssemblyReloadEvents.beforeAssemblyReload += OnBeforeReload;
            CompilationPipeline.compilationStarted += OnCompilationStarted;
            CompilationPipeline.assemblyCompilationFinished += OnAssemblyCompiled;
            CompilationPipeline.compilationFinished += OnCompilationFinished;
            AssetDatabase.importPackageCompleted += _commands.OnImportCompleted;
            AssetDatabase.importPackageFailed += _commands.OnImportFailed;
            AssetDatabase.importPackageCancelled += _commands.OnImportCancelled;
        }

        void Detach()
        {
            if (!_attached) return;
            _attached = false;
            EditorApplication.playModeStateChanged -= OnPlayModeChanged;
            EditorApplication.pauseStateChanged -= OnPauseChanged;
            EditorApplication.update -= OnUpdate;
            EditorApplication.quitting -= OnQuitting;
            AssemblyReloadEvents.beforeAssemblyReload -= OnBeforeReload;
            CompilationPipeline.compilationStarted -= OnCompilationStarted;
            CompilationPipeline.assemblyCompilationFinished -= OnAssemblyCompiled;
            CompilationPipeline.compilationFinished -= OnCompilationFinished;
            AssetDatabase.importPackageCompleted -= _commands.OnImportCompleted;
            AssetDatabase.importPackageFailed -= _commands.OnImportFailed;
            AssetDatabase.importPackageCancelled -= _commands.OnImportCancelled;
        }

        public override void Stop(int flushTimeoutMs)
        {
            Detach();
            SaveSession();
            base.Stop(flushTimeoutMs);
        }

        /// <summary>The mode while the Editor is settled; during a transition (isPlaying and
        /// isPlayingOrWillChangePlaymode disagree) the last settled mode, so the link never reports
        /// "playing" before Unity has entered play mode.</summary>
        protected override string PlayMode()
        {
            var playing = EditorApplication.isPlaying;
            if (playing == EditorApplication.isPlayingOrWillChangePlaymode)
                _mode = playing ? (EditorApplication.isPaused ? "paused" : "playing") : "edit";
            return _mode;
        }

        protected override bool Compiling() { return _compiling || EditorApplication.isCompiling; }

        protected override bool RunSpecific(LinkCommand cmd) { return _commands.Run(cmd); }

        void OnPlayModeChanged(PlayModeStateChange change)
        {
            if (change == PlayModeStateChange.EnteredPlayMode) _mode = EditorApplication.isPaused ? "paused" : "playing";
            else if (change == PlayModeStateChange.EnteredEditMode) _mode = "edit";
            else return; // Exiting*: the mode has not changed yet
            PushState(_mode);
        }

        void OnPauseChanged(PauseState state)
        {
            if (!EditorApplication.isPlaying) return;
            _mode = state == PauseState.Paused ? "paused" : "playing";
            PushState(_mode);
        }

        void OnUpdate()
        {
            Tick();
            SaveSession();
        }

        void SaveSession()
        {
            var sid = Client.SessionId;
            if (sid != null && sid != _savedSession)
            {
                SessionState.SetString(EditorLink.SessionKey, sid);
                _savedSession = sid;
            }
        }

        void OnQuitting() { Stop(500); }

        void OnBeforeReload()
        {
            // The domain goes away with this host: send what is queued (replies, the compile result),
            // keep the session for the next domain, close the socket cleanly.
            Stop(1500);
        }

        void OnCompilationStarted(object context)
        {
            _compiling = true;
            _compileErrors = 0;
            Client.Send(CompileMessage("started", null, null, 0));
            PushState();
        }

        void OnAssemblyCompiled(string assemblyPath, CompilerMessage[] messages)
        {
            var errors = 0;
            if (messages != null) foreach (var m in messages) if (m.type == CompilerMessageType.Error) errors++;
            _compileErrors += errors;
            Client.Send(CompileMessage("assembly", Path.GetFileName(assemblyPath), messages, errors));
        }

        void OnCompilationFinished(object context)
        {
            _compiling = false;
            Client.Send(CompileMessage("finished", null, null, _compileErrors));
            PushState();
        }

        static string CompileMessage(string phase, string assembly, CompilerMessage[] messages, int errors)
        {
            var w = new JsonWriter().BeginObject().Key("t").Value("compile").Key("phase").Value(phase);
            if (assembly != null) w.Key("assembly").Value(assembly);
            w.Key("messages").BeginArray();
            if (messages != null)
            {
                foreach (var m in messages)
                {
                    string type;
                    if (m.type == CompilerMessageType.Error) type = "error";
                    else if (m.type == CompilerMessageType.Warning) type = "warning";
                    else continue; // Info lines are Unity's chatter, not the compiler's findings
                    w.BeginObject().Key("type").Value(type).Key("message").Value(m.message ?? "").Key("file").Value(m.file ?? "")
                        .Key("line").Value((long)m.line).Key("column").Value((long)m.column).EndObject();
                }
            }
            return w.EndArray().Key("errors").Value((long)errors).EndObject().ToString();
        }

        internal void Reply(long id, Dictionary<string, object> result) { Client.Reply(id, result); }
        internal void ReplyError(long id, string error) { Client.ReplyError(id, error); }
        internal static Dictionary<string, object> R(string key, object value) { return Result(key, value); }
    }
}
