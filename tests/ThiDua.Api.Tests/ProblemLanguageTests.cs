using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ThiDua.Api.Http;

namespace ThiDua.Api.Tests;

/// <summary>
/// A refusal speaks the caller's language: Vietnamese unless English is asked for, by Accept-Language or
/// by <c>?lang=en</c>; its title, detail and field errors change, its codes and type never do.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ProblemLanguageTests(ApiFixture fixture) : IDisposable
{
    public enum Asked
    {
        Nothing,
        AcceptLanguage,
        Query,
    }

    public void Dispose() => fixture.Clock.Offset = TimeSpan.Zero;

    [Theory]
    [InlineData(Asked.Nothing)]
    [InlineData(Asked.AcceptLanguage)]
    [InlineData(Asked.Query)]
    public async Task A_field_error_is_Vietnamese_unless_English_is_asked_for(Asked asked)
    {
        var admin = Asking(await fixture.AdminAsync(), asked);

        var reply = await admin.PutJsonAsync(Path("/api/blocs/lang-field", asked), new { name = "Khối Nội chính", launchMonth = 13 });

        Assert.Equal(["launchMonth"], reply.Problem(HttpStatusCode.BadRequest));
        Assert.Equal("out-of-range", reply.Json.GetProperty("codes").GetProperty("launchMonth")[0].GetString());
        Assert.Equal("https://thidua.example.vn/problems/invalid-input", reply.Json.GetProperty("type").GetString());
        var english = asked != Asked.Nothing;
        Assert.Equal(english ? "The request is invalid." : "Yêu cầu không hợp lệ.", Title(reply));
        Assert.Equal(english ? "Must be between 1 and 12, got 13." : "Phải từ 1 đến 12; giá trị đã gửi là 13.", FieldError(reply, "launchMonth"));
        Assert.Equal(english ? "launchMonth: Must be between 1 and 12, got 13." : "launchMonth: Phải từ 1 đến 12; giá trị đã gửi là 13.", Detail(reply));
    }

    [Theory]
    [InlineData(Asked.Nothing)]
    [InlineData(Asked.AcceptLanguage)]
    [InlineData(Asked.Query)]
    public async Task The_late_submission_refusal_is_Vietnamese_unless_English_is_asked_for(Asked asked)
    {
        var blocId = $"lang-late-{asked.ToString().ToLowerInvariant()}";
        var (now, _) = await World.LaunchAsync(fixture, blocId, 2027);
        await fixture.SubmissionWindow.OpenAsync(blocId, 2027, now);
        fixture.Clock.SetNow(now.AddDays(2).AddMinutes(1));
        var unit = Asking(await fixture.UnitAsync(blocId, "so-tu-phap"), asked);

        var reply = await unit.PostJsonAsync(Path($"/api/blocs/{blocId}/campaigns/2027/scores/so-tu-phap", asked), World.Submission(blocId, 2027, "so-tu-phap", "late"));

        reply.Problem(HttpStatusCode.Conflict);
        Assert.Equal("scoring-closed", reply.Json.GetProperty("code").GetString());
        if (asked == Asked.Nothing)
        {
            Assert.Equal("Yêu cầu không thực hiện được ở trạng thái hiện tại.", Title(reply));
            Assert.Matches(@"^Hạn nộp bảng tự chấm điểm đã qua lúc \d\d:\d\d ngày \d\d/\d\d/\d{4} \(giờ Việt Nam\); bản nộp muộn được ghi nhận nhưng không được tính\.$", Detail(reply));
        }
        else
        {
            Assert.Equal("The request conflicts with the current state.", Title(reply));
            Assert.Matches(@"^Submissions closed at \d\d:\d\d on \d\d/\d\d/\d{4} \(Vietnam time\); this late submission is recorded and not counted\.$", Detail(reply));
        }
    }

    [Theory]
    [InlineData(Asked.Nothing)]
    [InlineData(Asked.AcceptLanguage)]
    [InlineData(Asked.Query)]
    public async Task Who_may_not_and_what_is_not_there_are_said_in_the_callers_language(Asked asked)
    {
        await World.CreateBlocAsync(fixture, $"lang-access-{asked.ToString().ToLowerInvariant()}");
        var blocPath = Path($"/api/blocs/lang-access-{asked.ToString().ToLowerInvariant()}", asked);
        var english = asked != Asked.Nothing;

        var anonymous = await Asking(fixture.Anonymous(), asked).FetchAsync(blocPath);
        var outsider = await Asking(await fixture.UnitAsync("lang-other-bloc", "so-tu-phap"), asked).FetchAsync(blocPath);
        var missing = await Asking(await fixture.AdminAsync(), asked).FetchAsync(Path("/api/blocs/lang-no-such-bloc", asked));

        anonymous.Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("unauthenticated", anonymous.Json.GetProperty("code").GetString());
        Assert.Equal(english ? "Authentication required." : "Cần xác thực.", Title(anonymous));
        Assert.Equal(english ? "Send a valid bearer token or sign in." : "Hãy gửi mã truy cập (bearer token) hợp lệ hoặc đăng nhập.", Detail(anonymous));

        outsider.Problem(HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", outsider.Json.GetProperty("code").GetString());
        Assert.Equal(english ? "Not allowed." : "Không được phép.", Title(outsider));
        Assert.StartsWith(english ? "Only units of bloc 'lang-access-" : "Chỉ các đơn vị của khối 'lang-access-", Detail(outsider), StringComparison.Ordinal);

        Assert.Equal(["blocId"], missing.Problem(HttpStatusCode.NotFound));
        Assert.Equal("not-found", missing.Json.GetProperty("code").GetString());
        Assert.Equal(english ? "Not found." : "Không tìm thấy.", Title(missing));
        Assert.Equal(english ? "No bloc 'lang-no-such-bloc'." : "Không có khối 'lang-no-such-bloc'.", Detail(missing));
        Assert.Equal(Detail(missing), FieldError(missing, "blocId"));
    }

    [Theory]
    [InlineData("en-US", "en")]
    [InlineData("en-GB,en;q=0.9", "en")]
    [InlineData("fr-FR, en;q=0.8, vi;q=0.5", "en")]
    [InlineData("vi-VN, en;q=0.9", "vi")]
    [InlineData("fr", "vi")]
    public async Task Accept_language_picks_the_preferred_of_Vietnamese_and_English(string header, string expected)
    {
        var client = fixture.Anonymous();
        client.DefaultRequestHeaders.Add("Accept-Language", header);

        var reply = await client.FetchAsync("/api/blocs/lang-any");

        reply.Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(expected == "en" ? "Authentication required." : "Cần xác thực.", Title(reply));
    }

    [Fact]
    public async Task The_query_wins_over_accept_language()
    {
        var client = fixture.Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));

        var reply = await client.FetchAsync("/api/blocs/lang-any?lang=vi");

        Assert.Equal("Cần xác thực.", Title(reply));
    }

    [Theory]
    [InlineData(null, "Đã xảy ra lỗi ngoài dự kiến.")]
    [InlineData("en", "An unexpected error occurred.")]
    public void A_problem_the_framework_writes_itself_gets_its_title_in_the_callers_language(string? language, string title)
    {
        var http = new DefaultHttpContext();
        if (language is not null)
        {
            http.Request.Headers.AcceptLanguage = language;
        }

        var framework = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An error occurred while processing your request.", Detail = "Boom." };
        var own = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Yêu cầu không thực hiện được ở trạng thái hiện tại.", Extensions = { ["code"] = "scoring-closed" } };

        ApiProblems.LocalizeFrameworkProblem(new ProblemDetailsContext { HttpContext = http, ProblemDetails = framework });
        ApiProblems.LocalizeFrameworkProblem(new ProblemDetailsContext { HttpContext = http, ProblemDetails = own });

        Assert.Equal((title, null), (framework.Title, framework.Detail));
        Assert.Equal("Yêu cầu không thực hiện được ở trạng thái hiện tại.", own.Title);
    }

    private static HttpClient Asking(HttpClient client, Asked asked)
    {
        if (asked == Asked.AcceptLanguage)
        {
            client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        }

        return client;
    }

    private static string Path(string path, Asked asked) => asked == Asked.Query ? path + "?lang=en" : path;

    private static string? Title(Reply reply) => reply.Json.GetProperty("title").GetString();

    private static string Detail(Reply reply) => reply.Json.GetProperty("detail").GetString()!;

    private static string? FieldError(Reply reply, string field) => reply.Json.GetProperty("errors").GetProperty(field)[0].GetString();
}
