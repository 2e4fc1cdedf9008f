using System.Net.Mail;

namespace PathwayHub.Web.Infrastructure;

/// <summary>The checks every form shares: one meaning of "an email address", "a web address" and "a phone number".</summary>
public static class FieldRules
{
    /// <summary>Trimmed text, or null when blank: optional fields store null rather than empty strings.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A single address (no display name, no spaces), with a dot in the domain, of at most 256 characters.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= 256 && !value.Contains(' ', StringComparison.Ordinal) && MailAddress.TryCreate(value, out var a) && a.Address == value && value.LastIndexOf('.') > value.IndexOf('@');

    /// <summary>An absolute http or https address of at most 500 characters (never javascript: or data:).</summary>
    public static bool IsWebAddress(string value) =>
        value.Length <= 500 && Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

    /// <summary>Digits, spaces and + ( ) - only, at most 40 characters.</summary>
    public static bool IsPhone(string value) => value.Length <= 40 && value.All(ch => char.IsDigit(ch) || " +()-".Contains(ch, StringComparison.Ordinal));
}
