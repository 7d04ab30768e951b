using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ThiDua.Api.Endpoints;
using ThiDua.Documents;
using ThiDua.Domain;
using ThiDua.Workflows.Cycle;
using ThiDua.Workflows.Documents;

namespace ThiDua.Api.Http;

/// <summary>
/// What the OpenAPI document states beyond the endpoints' own metadata: how callers authenticate
/// (every operation needs it), what each tag groups, and the formats of route values that the
/// handlers parse themselves.
/// </summary>
internal static class OpenApiContract
{
    /// <summary>The one security scheme: both hosts take a bearer token, of a different kind each.</summary>
    public const string BearerScheme = "bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Admin"] = "Council staff: blocs, member units, identities, starting a year's cycle.",
        ["Leader"] = "The year's leading unit of a bloc: launch, review.",
        ["Unit"] = "A member unit's own acts: signing the compact, scores, evidence, ballots.",
        ["Bloc"] = "What the bloc's units and council staff may read: status, results, vote rounds, the year's official documents, the archive's verification.",
        ["Portal"] = "What the portal shows the signed-in caller.",
        ["Diagnostics"] = "Runtime probes of the durable task hub (council staff).",
    };

    public static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info.Title = "ThiDua API";
        document.Info.Description = "The annual emulation cycle of a bloc (khối thi đua): blocs, campaigns, the compact, scores, votes and results. Errors are RFC 7807 problem+json.";

        // Clients append /api/... to the server's address.
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url)
            {
                server.Url = url.TrimEnd('/');
            }
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Local host: `Authorization: Bearer <token>` with a token from `thidua token issue` (opaque; council staff or one unit). "
                + "Azure: App Service Authentication with Microsoft Entra ID stands in front of the app; send an Entra ID access token for the app "
                + "as the bearer token (or the session cookie of /.auth/login). The platform passes the principal on: council staff have the app role "
                + "`ThiDua.Admin`, a unit's people are mapped to their unit by object id (`PUT /api/identities/{objectId}`).",
        };
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }

        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Enums are strings of their camelCase names only (the schema generator has them from ApiJson's converter).
    /// Problem bodies carry the extension members <see cref="ApiProblems"/> adds (RFC 7807 lets a problem
    /// have more members than it names, so more are allowed).
    /// </summary>
    public static Task DescribeSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true })
        {
            // The enum's component is shared by its nullable uses, which add null themselves (oneOf).
            schema.Type = JsonSchemaType.String;
            schema.Enum = schema.Enum?.Where(v => v is not null).ToList();
            return Task.CompletedTask;
        }

        if (type == typeof(JsonNode))
        {
            // A value of any JSON type (a rule's default); nullable uses add null themselves (oneOf), so this one is not null.
            schema.Type = null;
            schema.Not = new OpenApiSchema { Type = JsonSchemaType.Null };
            return Task.CompletedTask;
        }

        if (!typeof(ProblemDetails).IsAssignableFrom(type))
        {
            return Task.CompletedTask;
        }

        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        schema.Properties["errors"] = PerField("The fields at fault (JSON path of the body, route value or header) and why.");
        schema.Properties["codes"] = PerField("A stable code per field at fault (invalid-id, out-of-range, required, ...), in 400 problems.");
        schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable code of the problem (unauthenticated, forbidden, not-found, rate-limited, storage-unavailable, ...)." };
        schema.Properties["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "In 500 and 503 problems: the id to quote to the administrator." };
        return Task.CompletedTask;
    }

    private static OpenApiSchema PerField(string description) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
    };

    /// <summary>Route values are strings to routing; their formats are what the handlers accept. Files are binary.</summary>
    public static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
        {
            parameter.Schema = parameter.Name switch
            {
                "year" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]{4}$", Description = $"A year from {Campaign.MinYear} to {Campaign.MaxYear}." },
                "purpose" => new OpenApiSchema { Type = JsonSchemaType.String, Enum = VoteApi.PurposeNames.Select(n => (JsonNode)JsonValue.Create(n)).ToList() },
                "file" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[a-z0-9-]+(\\.(docx|pdf))?$", Description = "A document's name with its extension (giao-uoc-thi-dua.pdf), or the name alone with ?format=docx|pdf." },
                "round" => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$", Description = $"A round number from 1 to {CycleProgress.MaxVoteRounds}." },
                _ => parameter.Schema,
            };
        }

        // A document named without its extension gives the format in the query instead (DocumentsApi.GetAsync).
        if ((operation.Parameters ?? []).OfType<OpenApiParameter>().Any(p => p.In == ParameterLocation.Path && p.Name == "file"))
        {
            operation.Parameters!.Add(new OpenApiParameter
            {
                Name = "format",
                In = ParameterLocation.Query,
                Description = "The format of a document named without its extension.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. YearDocuments.Formats.Select(f => (JsonNode)JsonValue.Create(DocumentFacts.Extension(f)))] },
            });
        }

        // A file's bytes are the body itself, not base64 text in JSON.
        foreach (var media in (operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content ?? new Dictionary<string, OpenApiMediaType>()))
        {
            if (media.Value.Schema is { Format: "byte" } && !media.Key.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                media.Value.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }
        }

        return Task.CompletedTask;
    }
}
