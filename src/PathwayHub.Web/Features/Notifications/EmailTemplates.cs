using System.Net;
using System.Text;

namespace PathwayHub.Web.Features.Notifications;

/// <summary>
/// The email layout, in one place: a plain-text and an HTML body for every kind, each ending with a link back to the page in
/// the portal. The words specific to a kind (its call to action, why the reader gets it) come from <see cref="NotificationKinds"/>.
/// </summary>
public static class EmailTemplates
{
    public sealed record Rendered(string Subject, string Text, string Html);

    public static Rendered Render(string kindId, string subject, string body, string url)
    {
        var kind = NotificationKinds.Get(kindId);
        var why = kind.EmailOptional
            ? "You get this email because of your notification settings in PathwayHub. To get it in the portal only, change them under Notifications > Email settings."
            : "Cancellations are always sent by email.";

        var text = new StringBuilder()
            .AppendLine(subject).AppendLine()
            .AppendLine(body).AppendLine()
            .Append(kind.ActionLabel).Append(": ").AppendLine(url).AppendLine()
            .AppendLine("--")
            .AppendLine("PathwayHub, North East Reducing Re-offending Pathways")
            .AppendLine(why)
            .ToString();

        var e = (string s) => WebUtility.HtmlEncode(s);
        var paragraphs = string.Concat(body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p style=\"margin:0 0 12px\">{e(p.Trim())}</p>"));
        var html = $"""
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8"><title>{e(subject)}</title></head>
            <body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c;margin:0;padding:0">
            <div style="background:#1b5e20;color:#ffffff;padding:12px 20px;font-weight:bold">PathwayHub</div>
            <div style="padding:20px;max-width:640px">
            <h1 style="font-size:22px;margin:0 0 16px">{e(subject)}</h1>
            {paragraphs}
            <p style="margin:20px 0"><a href="{e(url)}" style="background:#1b5e20;color:#ffffff;padding:10px 16px;text-decoration:none;display:inline-block">{e(kind.ActionLabel)}</a></p>
            <p style="font-size:14px;color:#505a5f">Or copy this link into your browser: {e(url)}</p>
            <hr style="border:none;border-top:1px solid #b1b4b6">
            <p style="font-size:14px;color:#505a5f">PathwayHub, North East Reducing Re-offending Pathways. {e(why)}</p>
            </div></body></html>
            """;
        return new Rendered(subject, text, html);
    }
}
