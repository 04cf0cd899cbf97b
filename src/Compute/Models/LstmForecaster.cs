using BigDL.Compute.Nn;

namespace BigDL.Compute.Models;

/// <summary>A one-layer LSTM over a lookback window followed by a linear head to the horizon (BigDL Chronos' LSTMForecaster).</summary>
public static class LstmForecaster
{
    /// <summary>Input [batch, lookback, features] → output [batch, horizon·targets].</summary>
    public static Sequential Create(int lookback, int features = 1, int hidden = 64, int horizon = 1, int targets = 1) =>
        new Sequential([lookback, features], new Lstm(hidden, name: "lstm"), new Dense(horizon * targets, name: "head"));
}
