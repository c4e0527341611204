// Controls of the Editor stand-in (not a Unity API): one Pump is one Editor frame.
using System;
using System.Collections.Generic;
using UnityEditor;
using UnityEditor.Compilation;

namespace Slate.StandIn.Editor
{
    public static class EditorStandIn
    {
        public static string ProjectDir = ".";
        public static int Refreshes;
        public static int? ExitCode;
        public static bool CompileRequested, Compiling;
        public static readonly Dictionary<string, Action> Menus = new Dictionary<string, Action>();
        public static readonly List<string> Imported = new List<string>();
        /// <summary>What the next compilation reports: assembly path → messages.</summary>
        public static readonly List<KeyValuePair<string, CompilerMessage[]>> NextCompile = new List<KeyValuePair<string, CompilerMessage[]>>();
        static readonly List<Action> _later = new List<Action>();

        internal static void Later(Action a) { _later.Add(a); }

        /// <summary>One Editor frame: pending play-mode transitions, compilation, deferred work, then EditorApplication.update.</summary>
        public static void Pump()
        {
            if (EditorApplication.WillPlay && !EditorApplication.Playing)
            {
                EditorApplication.Playing = true;
                EditorApplication.Raise(PlayModeStateChange.EnteredPlayMode);
            }
            else if (!EditorApplication.WillPlay && EditorApplication.Playing)
            {
                EditorApplication.Playing = false;
                EditorApplication.Paused = false;
                EditorApplication.Raise(PlayModeStateChange.EnteredEditMode);
            }
            if (EditorApplication.Playing && (!EditorApplication.Paused || EditorApplication.StepPending))
            {
                UnityStandIn.NextFrame();
                EditorApplication.StepPending = false;
            }
            if (CompileRequested)
            {
                CompileRequested = false;
                Compiling = true;
                var ctx = new object();
                CompilationPipeline.RaiseStarted(ctx);
                foreach (var kv in NextCompile) CompilationPipeline.RaiseAssembly(kv.Key, kv.Value);
                Compiling = false;
                CompilationPipeline.RaiseFinished(ctx);
            }
            var later = _later.ToArray();
            _later.Clear();
            foreach (var a in later) a();
            EditorApplication.RunUpdate();
        }

        /// <summary>What Unity does around a domain reload: beforeAssemblyReload in the old domain; the
        /// caller then starts the new domain's link (EditorLink.Start) as [InitializeOnLoad] would.</summary>
        public static void BeforeDomainReload() { AssemblyReloadEvents.RaiseBefore(); }

        /// <summary>Sets the Editor's play state without events: what a new domain finds after a reload.</summary>
        public static void SetPlayState(bool playing, bool paused)
        {
            EditorApplication.Playing = playing;
            EditorApplication.WillPlay = playing;
            EditorApplication.Paused = paused;
        }

        public static void Quit() { EditorApplication.RaiseQuitting(); }

        public static void Reset()
        {
            SetPlayState(false, false);
            EditorApplication.StepPending = false;
            CompileRequested = Compiling = false;
            NextCompile.Clear();
            Menus.Clear();
            Imported.Clear();
            _later.Clear();
            SessionState.Clear();
        }
    }
}
