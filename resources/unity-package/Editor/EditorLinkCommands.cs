// The commands only the Editor can run. Each answers with exactly one reply. Play-mode commands
// answer as soon as Unity accepted the request (Unity enters play mode at the end of the frame,
// often across a domain reload); the change itself arrives as a `state` message.
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using Slate.Bridge.Link;
using UnityEditor;
using UnityEditor.Compilation;

namespace Slate.Bridge
{
    public sealed class EditorLinkCommands
    {
        readonly EditorLinkHost _host;
        readonly string _projectDir;
        // package.import replies when Unity says the import ended; keyed by package name (file name without extension).
        readonly Dictionary<string, List<long>> _imports = new Dictionary<string, List<long>>();

        public EditorLinkCommands(EditorLinkHost host, string projectDir) { _host = host; _projectDir = projectDir; }

        public bool Run(LinkCommand cmd)
        {
            switch (cmd.Name)
            {
                case "play.enter":
                    if (!EditorApplication.isPlaying) EditorApplication.EnterPlaymode();
                    _host.Reply(cmd.Id, EditorLinkHost.R("requested", "playing"));
                    return true;
                case "play.exit":
                    if (EditorApplication.isPlaying) EditorApplication.ExitPlaymode();
                    _host.Reply(cmd.Id, EditorLinkHost.R("requested", "edit"));
                    return true;
                case "play.pause":
                    if (!EditorApplication.isPlaying) { _host.ReplyError(cmd.Id, "not in play mode"); return true; }
                    EditorApplication.isPaused = true;
                    _host.Reply(cmd.Id, EditorLinkHost.R("playMode", "paused"));
                    return true;
                case "play.resume":
                    if (!EditorApplication.isPlaying) { _host.ReplyError(cmd.Id, "not in play mode"); return true; }
                    EditorApplication.isPaused = false;
                    _host.Reply(cmd.Id, EditorLinkHost.R("playMode", "playing"));
                    return true;
                case "play.step":
                    if (!EditorApplication.isPlaying) { _host.ReplyError(cmd.Id, "not in play mode"); return true; }
                    EditorApplication.Step();
                    _host.Reply(cmd.Id, EditorLinkHost.R("playMode", "paused"));
                    return true;
                case "assets.refresh":
                    AssetDatabase.Refresh();
                    _host.Reply(cmd.Id, EditorLinkHost.R("compiling", EditorApplication.isCompiling));
                    return true;
                case "scripts.compile":
                    CompilationPipeline.RequestScriptCompilation();
                    _host.Reply(cmd.Id, EditorLinkHost.R("requested", true));
                    return true;
                case "method.run": RunMethod(cmd); return true;
                case "menu.run": RunMenu(cmd); return true;
                case "package.import": Import(cmd); return true;
                case "package.export": Export(cmd); return true;
                default: return false;
            }
        }

        void RunMethod(LinkCommand cmd)
        {
            var name = Json.Str(cmd.Args, "name");
            if (string.IsNullOrEmpty(name)) { _host.ReplyError(cmd.Id, "method.run needs {name: \"Ns.Type.Method\"}"); return; }
            var allow = LinkAllowList.Load(_projectDir);
            if (!allow.Methods.Contains(name))
            {
                _host.ReplyError(cmd.Id, name + " is not on this project's allow-list (" + LinkAllowList.RelativePath + (allow.Problem != null ? ": " + allow.Problem : "") + ")");
                return;
            }
            var dot = name.LastIndexOf('.');
            if (dot <= 0 || dot == name.Length - 1) { _host.ReplyError(cmd.Id, name + " is not Ns.Type.Method"); return; }
            var typeName = name.Substring(0, dot);
            var methodName = name.Substring(dot + 1);
            Type type = null;
            foreach (var asm in AppDomain.CurrentDomain.GetAssemblies())
            {
                type = asm.GetType(typeName, false);
                if (type != null) break;
            }
            if (type == null) { _host.ReplyError(cmd.Id, "no type " + typeName + " is loaded"); return; }
            var method = type.GetMethod(methodName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, null, Type.EmptyTypes, null);
            if (method == null) { _host.ReplyError(cmd.Id, typeName + " has no static method " + methodName + "() without parameters"); return; }
            object returned;
            try { returned = method.Invoke(null, null); }
            catch (TargetInvocationException e)
            {
                var inner = e.InnerException ?? e;
                _host.ReplyError(cmd.Id, name + " threw " + inner.GetType().Name + ": " + inner.Message);
                return;
            }
            _host.Reply(cmd.Id, EditorLinkHost.R("returned", returned == null ? null : returned.ToString()));
        }

        void RunMenu(LinkCommand cmd)
        {
            var path = Json.Str(cmd.Args, "path");
            if (string.IsNullOrEmpty(path)) { _host.ReplyError(cmd.Id, "menu.run needs {path: \"Tools/Foo\"}"); return; }
            var allow = LinkAllowList.Load(_projectDir);
            if (!allow.Menus.Contains(path))
            {
                _host.ReplyError(cmd.Id, path + " is not on this project's allow-list (" + LinkAllowList.RelativePath + (allow.Problem != null ? ": " + allow.Problem : "") + ")");
                return;
            }
            if (!EditorApplication.ExecuteMenuItem(path)) { _host.ReplyError(cmd.Id, "Unity has no enabled menu item " + path); return; }
            _host.Reply(cmd.Id, EditorLinkHost.R("ran", path));
        }

        void Import(LinkCommand cmd)
        {
            var path = Json.Str(cmd.Args, "path");
            if (string.IsNullOrEmpty(path) || !path.EndsWith(".unitypackage", StringComparison.OrdinalIgnoreCase))
            {
                _host.ReplyError(cmd.Id, "package.import needs {path} of a .unitypackage file");
                return;
            }
            var full = Path.IsPathRooted(path) ? path : Path.Combine(_projectDir, path);
            if (!File.Exists(full)) { _host.ReplyError(cmd.Id, "no file " + path); return; }
            var key = Path.GetFileNameWithoutExtension(full);
            List<long> waiting;
            if (!_imports.TryGetValue(key, out waiting)) _imports[key] = waiting = new List<long>();
            waiting.Add(cmd.Id);
            // Non-interactive: nothing waits for a person. Unity reports the end through importPackage* events.
            AssetDatabase.ImportPackage(full, false);
        }

        void Export(LinkCommand cmd)
        {
            var paths = Json.Arr(cmd.Args, "paths");
            var output = Json.Str(cmd.Args, "out");
            if (paths == null || paths.Count == 0 || string.IsNullOrEmpty(output) || !output.EndsWith(".unitypackage", StringComparison.OrdinalIgnoreCase))
            {
                _host.ReplyError(cmd.Id, "package.export needs {paths: [\"Assets/...\"], out: \"<file>.unitypackage\"}");
                return;
            }
            var assets = new List<string>();
            foreach (var p in paths)
            {
                var s = p as string;
                // Project-relative asset paths only: what ExportPackage takes, and nothing outside the project.
                if (s == null || !(s == "Assets" || s.StartsWith("Assets/", StringComparison.Ordinal) || s.StartsWith("Packages/", StringComparison.Ordinal)) || s.Contains(".."))
                {
                    _host.ReplyError(cmd.Id, "package.export: '" + s + "' is not a project asset path (Assets/… or Packages/…)");
                    return;
                }
                assets.Add(s);
            }
            var outFull = Path.IsPathRooted(output) ? output : Path.Combine(_projectDir, output);
            var options = ExportPackageOptions.Recurse;
            object deps;
            if (cmd.Args.TryGetValue("includeDependencies", out deps) && deps is bool && (bool)deps) options |= ExportPackageOptions.IncludeDependencies;
            AssetDatabase.ExportPackage(assets.ToArray(), outFull, options);
            if (!File.Exists(outFull)) { _host.ReplyError(cmd.Id, "Unity wrote no package to " + output); return; }
            var result = EditorLinkHost.R("out", outFull);
            result["bytes"] = (double)new FileInfo(outFull).Length;
            _host.Reply(cmd.Id, result);
        }

        internal void OnImportCompleted(string packageName) { FinishImport(packageName, null); }
        internal void OnImportFailed(string packageName, string error) { FinishImport(packageName, "import of " + packageName + " failed: " + error); }
        internal void OnImportCancelled(string packageName) { FinishImport(packageName, "import of " + packageName + " was cancelled"); }

        void FinishImport(string packageName, string error)
        {
            List<long> waiting;
            if (!_imports.TryGetValue(packageName, out waiting)) return; // an import SLATE did not ask for
            _imports.Remove(packageName);
            foreach (var id in waiting)
            {
                if (error == null) _host.Reply(id, EditorLinkHost.R("imported", packageName));
                else _host.ReplyError(id, error);
            }
        }
    }
}
