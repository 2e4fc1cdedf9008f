using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Infrastructure.Security;

public enum SignInOutcome { SignedIn, WrongPassword, LockedOut, Throttled }

public sealed record SignInAttempt(SignInOutcome Outcome, TimeSpan RetryAfter = default);

/// <summary>
/// Password sign-in with wrong passwords counted per client address, so that one client can neither spray passwords over
/// many accounts nor lock anyone out:
/// <list type="bullet">
/// <item>an address with <see cref="FailureLimit.PerAddress"/> failures in the window is refused every sign-in (429);</item>
/// <item>an address stops one failure short of an account's own lockout (Identity's <c>MaxFailedAccessAttempts</c>): it
/// is shown the lockout page for that account until the window passes, while the owner elsewhere signs in as usual;</item>
/// <item>Identity's failure count is forgotten once an account has had no failure for a whole window, so failures spread
/// over days never add up to a lockout. Failures from several addresses within one window still lock the account.</item>
/// </list>
/// </summary>
public sealed class SignInThrottle(SignInManager<AppUser> signIn, AttemptCounter counter, RateLimitOptions limits, ClientAddress client, IOptions<IdentityOptions> identity)
{
    public async Task<SignInAttempt> PasswordSignInAsync(string email, string password)
    {
        var failures = limits.SignInFailures;
        var account = email.Trim().ToUpperInvariant();
        var byAddress = "signin-failures:" + client.Key;
        var byAddressAndAccount = $"signin-failures:{client.Key}:{account}";
        var byAccount = "signin-failures-account:" + account;

        if (counter.WaitIfAtLimit(byAddress, failures.PerAddress) is { } wait) return new(SignInOutcome.Throttled, wait);
        var shortOfLockout = Math.Max(1, identity.Value.Lockout.MaxFailedAccessAttempts - 1);
        if (counter.WaitIfAtLimit(byAddressAndAccount, shortOfLockout) is { } paused) return new(SignInOutcome.LockedOut, paused);

        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(email.Trim());
        SignInResult result;
        if (user is null) result = SignInResult.Failed;
        else
        {
            if (user.AccessFailedCount > 0 && !counter.Any(byAccount) && !await users.IsLockedOutAsync(user))
                await users.ResetAccessFailedCountAsync(user);
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        }

        if (result.Succeeded)
        {
            counter.Forget(byAddressAndAccount);
            return new(SignInOutcome.SignedIn);
        }
        counter.Add(byAddress, failures.Window);
        counter.Add(byAddressAndAccount, failures.Window);
        counter.Add(byAccount, failures.Window);
        return new(result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.WrongPassword);
    }
}

/// <summary>Self-registration is limited per client address; in a circuit the address is the one it was opened from.</summary>
public sealed class RegistrationThrottle(AttemptCounter counter, RateLimitOptions limits, ClientAddress client)
{
    /// <summary>Counts one registration attempt, or throws <see cref="TooManyAttemptsException"/> when the address is at its limit.</summary>
    public void Enter()
    {
        var limit = limits.Registration;
        if (!counter.TryAdd(KeyFor(client.Key), limit.PermitLimit, limit.Window, out var wait))
            throw new TooManyAttemptsException(
                $"Too many registrations have been sent from your network. Nothing was sent this time. Try again in {TooManyAttemptsException.Describe(wait)}.", wait);
    }

    internal static string KeyFor(string clientAddress) => "registration:" + clientAddress;
}

public static class SecurityServices
{
    /// <summary>What services need wherever they run (web host, tests, benchmarks): the client address and the throttles.</summary>
    public static IServiceCollection AddPathwayHubThrottles(this IServiceCollection services)
    {
        services.TryAddSingleton(new RateLimitOptions());
        services.AddSingleton<AttemptCounter>();
        services.AddScoped<ClientAddress>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<RegistrationThrottle>();
        return services;
    }
}
