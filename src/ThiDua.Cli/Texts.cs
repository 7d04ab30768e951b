using System.Globalization;

namespace ThiDua.Cli;

/// <summary>
/// User-facing CLI text, Vietnamese by default and English on request (--lang en or
/// THIDUA_LANG=en). Each command adds its own keys here.
/// </summary>
internal sealed class Texts
{
    public const string LanguageOption = "--lang";
    public const string LanguageVariable = "THIDUA_LANG";

    static readonly Dictionary<string, (string Vi, string En)> Table = new(StringComparer.Ordinal)
    {
        ["root.description"] = (
            "ThiDua: tự động vận hành chu kỳ thi đua hằng năm của khối thi đua.",
            "ThiDua: runs the yearly emulation cycle of an emulation bloc by itself."),
        ["lang.description"] = ("Ngôn ngữ hiển thị: vi (mặc định) hoặc en.", "Display language: vi (default) or en."),
        ["host.description"] = (
            "Chạy máy chủ cục bộ (quy trình bền vững trên Azurite và API HTTP) cho đến khi nhấn Ctrl+C.",
            "Run the local host (durable workflows on Azurite and the HTTP API) until Ctrl+C."),
        ["host.urls"] = (
            "Địa chỉ của API HTTP, như --urls của ASP.NET Core (mặc định http://127.0.0.1:5080).",
            "Address of the HTTP API, like ASP.NET Core's --urls (default http://127.0.0.1:5080)."),
        ["host.starting"] = ("Đang khởi động máy chủ cục bộ ThiDua…", "Starting the ThiDua local host…"),
        ["host.azurite"] = ("Đã khởi động Azurite (dữ liệu tại {0}).", "Started Azurite (data in {0})."),
        ["host.storage"] = ("Dùng kho lưu trữ đã cấu hình (AzureWebJobsStorage).", "Using the configured storage (AzureWebJobsStorage)."),
        ["host.listening"] = ("API đang chạy tại {0} (task hub {1}).", "API listening at {0} (task hub {1})."),
        ["host.stopHint"] = ("Nhấn Ctrl+C để dừng.", "Press Ctrl+C to stop."),
        ["host.stopping"] = ("Đang dừng…", "Stopping…"),
        ["host.stopped"] = ("Đã dừng.", "Stopped."),
        ["error"] = ("Lỗi: {0}", "Error: {0}"),
    };

    Texts(bool english) => this.English = english;

    public bool English { get; }

    public string this[string key] => this.English ? Table[key].En : Table[key].Vi;

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    /// <summary>
    /// Chooses the language before parsing, because command descriptions (and so --help) are
    /// built from it: the last --lang wins, then THIDUA_LANG, then Vietnamese.
    /// </summary>
    public static Texts Resolve(IReadOnlyList<string> args, string? environmentValue)
    {
        string? requested = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == LanguageOption && i + 1 < args.Count)
            {
                requested = args[i + 1];
            }
            else if (args[i].StartsWith(LanguageOption + "=", StringComparison.Ordinal) || args[i].StartsWith(LanguageOption + ":", StringComparison.Ordinal))
            {
                requested = args[i][(LanguageOption.Length + 1)..];
            }
        }

        requested ??= environmentValue;
        return new Texts(string.Equals(requested?.Trim(), "en", StringComparison.OrdinalIgnoreCase));
    }
}
