// The Editor part of the live link. Unity runs the static constructor on every domain load
// ([InitializeOnLoad]): after opening the project, after every script compilation and when
// entering play mode with domain reload on. Each load makes a new host that resumes the same
// SLATE session: the sessionId of the last welcome is kept in SessionState (which survives domain
// reloads, not Editor restarts) and sent as `resume`. The state it sends first is read from the
// Editor, not remembered from an event, so a reload in the middle of play (an AssetDatabase
// refresh while playing fires no playModeStateChanged) still reports "playing".
using System.IO;
using UnityEditor;

namespace Slate.Bridge
{
    [InitializeOnLoad]
    public static class EditorLink
    {
        public const string SessionKey = "Slate.Bridge.Link.SessionId";
        public static EditorLinkHost Host { get; private set; }

        static EditorLink()
        {
            // Batch-mode builds (BuildCommand) run without a user watching: no link there.
            if (UnityEngine.Application.isBatchMode) return;
            Start(Directory.GetCurrentDirectory());
        }

        /// <summary>Starts (or restarts) the link for the project at projectDir. Tests call this to act out a domain load.</summary>
        public static EditorLinkHost Start(string projectDir)
        {
            if (Host != null) Host.Stop(0);
            var resume = SessionState.GetString(SessionKey, "");
            var host = new EditorLinkHost(projectDir, resume.Length > 0 ? resume : null);
            Host = host;
            host.Attach();
            host.Start();
            return host;
        }
    }
}
