using BigDL.Orleans.Reminders;

namespace BigDL.Orleans.Runtime.Tests.Reminders.Tables;

/// <summary>Runs the reminder table contract against <see cref="InMemoryReminderTable"/>.</summary>
public sealed class InMemoryReminderTableTests : ReminderTableContractTests
{
    protected override Task<IReminderTable> CreateTableAsync() => Task.FromResult<IReminderTable>(new InMemoryReminderTable());
}
