// The project's own list of what the live link may run: ProjectSettings/SlateLinkAllowList.json
// = {"methods":["Ns.Type.Method"],"menus":["Tools/Foo"]}. SLATE only sends names on the list it
// shows the user, and the bridge checks again here, so a command from the network can never run
// anything the project's user did not name. Read on every request (it is small and the user may
// have just edited it); a missing or broken file allows nothing.
using System.Collections.Generic;
using System.IO;
using Slate.Bridge.Link;

namespace Slate.Bridge
{
    public sealed class LinkAllowList
    {
        public const string RelativePath = "ProjectSettings/SlateLinkAllowList.json";
        public readonly HashSet<string> Methods = new HashSet<string>();
        public readonly HashSet<string> Menus = new HashSet<string>();
        public string Problem;

        public static LinkAllowList Load(string projectDir)
        {
            var list = new LinkAllowList();
            var path = Path.Combine(projectDir, RelativePath);
            try
            {
                if (!File.Exists(path)) { list.Problem = RelativePath + " does not exist"; return list; }
                if (new FileInfo(path).Length > 1024 * 1024) { list.Problem = RelativePath + " is over 1 MB"; return list; }
                var o = Json.TryParseObject(File.ReadAllText(path));
                if (o == null) { list.Problem = RelativePath + " is not a JSON object"; return list; }
                Fill(list.Methods, Json.Arr(o, "methods"));
                Fill(list.Menus, Json.Arr(o, "menus"));
            }
            catch (IOException e) { list.Problem = "cannot read " + RelativePath + ": " + e.Message; }
            return list;
        }

        static void Fill(HashSet<string> into, List<object> items)
        {
            if (items == null) return;
            foreach (var item in items)
            {
                var s = item as string;
                if (!string.IsNullOrEmpty(s)) into.Add(s);
            }
        }
    }
}
