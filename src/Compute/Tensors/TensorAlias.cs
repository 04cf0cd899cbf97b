// System.Numerics.Tensors also declares a type named Tensor; files importing both namespaces mean ours.
global using Tensor = BigDL.Compute.Tensors.Tensor;
