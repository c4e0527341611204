// The Editor commands against a real core: compilation streamed as it happens, allow-listed
// methods and menus, .unitypackage import/export, and a refused token.
using System;
using System.Collections.Generic;
using System.IO;
using Slate.Bridge.Link;
using Slate.StandIn.Editor;
using UnityEditor;
using UnityEditor.Compilation;
using static Slate.Bridge.Tests.Fixture;

namespace Slate.Bridge.Tests
{
    public static class AllowListed
    {
        public static int Runs;
        public static string Bake() { Runs++; return "baked " + Runs; }
        static void Quiet() { Runs++; }
        public static void Explode() { throw new InvalidOperationException("no lightmaps"); }
        public static void NeedsArgs(int x) { Runs += x; }
    }

    public static class EditorCommandTests
    {
        [Test]
        public static void CompileMessagesStreamAsUnityReportsThem()
        {
            var core = Core.Start();
            var host = Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            EditorStandIn.NextCompile.Add(new KeyValuePair<string, CompilerMessage[]>("Library/ScriptAssemblies/Assembly-CSharp.dll", new[]
            {
                new CompilerMessage { type = CompilerMessageType.Error, message = "Assets/A.cs(3,5): error CS0103: The name 'x' does not exist", file = "Assets/A.cs", line = 3, column = 5 },
                new CompilerMessage { type = CompilerMessageType.Warning, message = "Assets/B.cs(1,1): warning CS0168: unused", file = "Assets/B.cs", line = 1, column = 1 },
                new CompilerMessage { type = CompilerMessageType.Info, message = "Unity chatter" },
            }));
            EditorStandIn.NextCompile.Add(new KeyValuePair<string, CompilerMessage[]>("Library/ScriptAssemblies/Game.Editor.dll", new CompilerMessage[0]));
            var mark = core.Mark();
            Assert.True(Ok(core.Command(sid, "scripts.compile", null, Pump)), "compile requested");
            var finished = core.WaitFor("compile", e => Json.Str(e, "phase") == "finished", Pump, mark);
            var phases = new List<string>();
            foreach (var e in core.Events("compile", mark)) phases.Add(Json.Str(e, "phase") + (Json.Str(e, "assembly") != null ? ":" + Json.Str(e, "assembly") : ""));
            Assert.Equal("started|assembly:Assembly-CSharp.dll|assembly:Game.Editor.dll|finished", string.Join("|", phases.ToArray()), "phases in order");
            var asm = core.Events("compile", mark).Find(e => Json.Str(e, "assembly") == "Assembly-CSharp.dll");
            var msgs = Json.Arr(asm, "messages");
            Assert.Equal(2, msgs.Count, "error + warning (Info dropped)");
            var err = (Dictionary<string, object>)msgs[0];
            Assert.Equal("error", Json.Str(err, "type"), "type");
            Assert.Equal("Assets/A.cs", Json.Str(err, "file"), "file");
            Assert.Equal(3.0, Json.Num(err, "line").Value, "line");
            Assert.Equal(5.0, Json.Num(err, "column").Value, "column");
            Assert.Equal(1.0, Json.Num(asm, "errors").Value, "assembly errors");
            Assert.Equal(1.0, Json.Num(finished, "errors").Value, "total errors");
            Assert.True(host.Client.Status == LinkStatus.Connected, "connected");
        }

        [Test]
        public static void AssetsRefreshRunsTheRefresh()
        {
            var core = Core.Start();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            var before = EditorStandIn.Refreshes;
            Assert.True(Ok(core.Command(sid, "assets.refresh", null, Pump)), "refresh ok");
            Assert.Equal(before + 1, EditorStandIn.Refreshes, "AssetDatabase.Refresh called once");
        }

        public static void WriteAllowList(Core core, string json)
        {
            Directory.CreateDirectory(Path.Combine(core.Project, "ProjectSettings"));
            File.WriteAllText(Path.Combine(core.Project, LinkAllowList.RelativePath), json);
        }

        [Test]
        public static void MethodsAndMenusRunOnlyWhenAllowListed()
        {
            var core = Core.Start();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            const string bake = "Slate.Bridge.Tests.AllowListed.Bake";
            var runs = AllowListed.Runs;
            var refused = core.Command(sid, "method.run", Args("name", bake), Pump);
            Assert.True(!Ok(refused) && Json.Str(refused, "error").Contains("allow-list"), "no allow-list file: refused (" + Json.Str(refused, "error") + ")");
            Assert.Equal(runs, AllowListed.Runs, "nothing ran");

            WriteAllowList(core, "{\"methods\":[\"" + bake + "\",\"Slate.Bridge.Tests.AllowListed.Quiet\",\"Slate.Bridge.Tests.AllowListed.Explode\",\"Slate.Bridge.Tests.AllowListed.NeedsArgs\",\"No.Such.Type\"],\"menus\":[\"Tools/Bake Lights\",\"Tools/Missing\"]}");
            var ran = core.Command(sid, "method.run", Args("name", bake), Pump);
            Assert.True(Ok(ran), "allow-listed method ran: " + Json.Str(ran, "error"));
            Assert.Equal("baked " + AllowListed.Runs, Json.Str(Json.Obj(ran, "result"), "returned"), "its return value");
            Assert.True(Ok(core.Command(sid, "method.run", Args("name", "Slate.Bridge.Tests.AllowListed.Quiet"), Pump)), "non-public static void method");
            var threw = core.Command(sid, "method.run", Args("name", "Slate.Bridge.Tests.AllowListed.Explode"), Pump);
            Assert.True(!Ok(threw) && Json.Str(threw, "error").Contains("no lightmaps"), "exception reported: " + Json.Str(threw, "error"));
            Assert.True(!Ok(core.Command(sid, "method.run", Args("name", "Slate.Bridge.Tests.AllowListed.NeedsArgs"), Pump)), "methods with parameters are not run");
            Assert.True(Json.Str(core.Command(sid, "method.run", Args("name", "No.Such.Type"), Pump), "error").Contains("no type"), "missing type");
            Assert.True(!Ok(core.Command(sid, "method.run", Args("name", "System.Environment.Exit"), Pump)), "not listed: refused");

            var menuRuns = 0;
            EditorStandIn.Menus["Tools/Bake Lights"] = () => menuRuns++;
            EditorStandIn.Menus["Tools/Delete Everything"] = () => menuRuns += 100;
            Assert.True(Ok(core.Command(sid, "menu.run", Args("path", "Tools/Bake Lights"), Pump)), "listed menu");
            Assert.Equal(1, menuRuns, "menu item ran once");
            Assert.True(!Ok(core.Command(sid, "menu.run", Args("path", "Tools/Delete Everything"), Pump)), "unlisted menu refused");
            Assert.Equal(1, menuRuns, "unlisted menu did not run");
            Assert.True(Json.Str(core.Command(sid, "menu.run", Args("path", "Tools/Missing"), Pump), "error").Contains("no enabled menu item"), "missing menu");

            WriteAllowList(core, "{broken");
            runs = AllowListed.Runs;
            Assert.True(!Ok(core.Command(sid, "method.run", Args("name", bake), Pump)), "a broken list allows nothing");
            Assert.Equal(runs, AllowListed.Runs, "nothing ran");
        }

        [Test]
        public static void PackagesExportAndImport()
        {
            var core = Core.Start();
            Editor(core);
            var sid = Session(core.WaitFor("connected", e => true, Pump));
            Directory.CreateDirectory(Path.Combine(core.Project, "Assets/Art"));
            File.WriteAllText(Path.Combine(core.Project, "Assets/Art/Hero.png"), "png");
            var exported = core.Command(sid, "package.export", Args("paths", new List<object> { "Assets/Art" }, "out", "Hero.unitypackage"), Pump);
            Assert.True(Ok(exported), "export: " + Json.Str(exported, "error"));
            var outFile = Json.Str(Json.Obj(exported, "result"), "out");
            Assert.True(File.Exists(outFile) && Json.Num(Json.Obj(exported, "result"), "bytes").Value == new FileInfo(outFile).Length, "package written, size reported");
            Assert.True(!Ok(core.Command(sid, "package.export", Args("paths", new List<object> { "../../etc/passwd" }, "out", "x.unitypackage"), Pump)), "paths outside the project refused");
            Assert.True(!Ok(core.Command(sid, "package.export", Args("paths", new List<object> { "Assets/Nothing" }, "out", "n.unitypackage"), Pump)), "nothing exported: error");

            var imported = core.Command(sid, "package.import", Args("path", outFile), Pump);
            Assert.True(Ok(imported), "import: " + Json.Str(imported, "error"));
            Assert.True(EditorStandIn.Imported.Contains(outFile), "Unity imported it");
            var bad = Path.Combine(core.Project, "Broken.unitypackage");
            File.WriteAllText(bad, "garbage");
            var failed = core.Command(sid, "package.import", Args("path", bad), Pump);
            Assert.True(!Ok(failed) && Json.Str(failed, "error").Contains("failed"), "failed import reported: " + Json.Str(failed, "error"));
            Assert.True(!Ok(core.Command(sid, "package.import", Args("path", "missing.unitypackage"), Pump)), "missing file");
            Assert.True(!Ok(core.Command(sid, "package.import", Args("path", "notes.txt"), Pump)), "not a .unitypackage");
        }

        [Test]
        public static void AWrongTokenIsRefusedAndNotRetried()
        {
            var core = Core.Start();
            var other = Path.Combine(core.Project, "OtherProject");
            Directory.CreateDirectory(Path.Combine(other, "Library"));
            File.WriteAllText(Path.Combine(other, EditorLinkHost.LinkFile), "{\"url\":\"" + core.Url + "\",\"token\":\"wrong\",\"protocol\":1}");
            EditorStandIn.Reset();
            Cleanup.Add(EditorStandIn.Reset);
            var mark = core.Mark();
            var host = EditorLink.Start(other);
            host.Client.Backoff = n => 50;
            Cleanup.Add(() => host.Stop(0));
            Until(() => host.Client.Status == LinkStatus.Refused, "refused", Pump);
            Assert.True(host.Client.LastError.Contains("bad token"), "reason: " + host.Client.LastError);
            Assert.Equal(0, core.Events("connected", mark).Count, "the core accepted no session");
            // With the right token in the file (SLATE rewrote it), the same host connects.
            File.WriteAllText(Path.Combine(other, EditorLinkHost.LinkFile), "{\"url\":\"" + core.Url + "\",\"token\":\"" + core.Token + "\",\"protocol\":1}");
            core.WaitFor("connected", e => true, Pump, mark);
        }
    }
}
